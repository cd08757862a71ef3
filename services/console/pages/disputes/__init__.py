from services.console.pages.disputes.route import router

__all__ = ["router"]
