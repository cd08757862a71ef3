from services.console.pages.disclosure.route import router

__all__ = ["router"]
