from services.console.pages.public.route import router

__all__ = ["router"]
