from services.console.pages.login.route import router

__all__ = ["router"]
