from services.console.pages.reports.route import router

__all__ = ["router"]
