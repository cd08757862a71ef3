from fastapi import APIRouter

from services.console.pages.alerts.route import router as _alerts
from services.console.pages.alerts.settings import router as _settings

router = APIRouter()
router.include_router(_alerts)
router.include_router(_settings)

__all__ = ["router"]
