from services.console.pages.alerts.route import router

__all__ = ["router"]
