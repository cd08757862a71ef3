from services.console.pages.admin.route import router

__all__ = ["router"]
