from services.console.pages.petition.route import router

__all__ = ["router"]
