from services.console.pages.home.route import router

__all__ = ["router"]
