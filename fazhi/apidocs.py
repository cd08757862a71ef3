"""`/docs` and `/redoc` served from the service itself: no CDN, so they work on a county intranet.

The Swagger UI and ReDoc bundles come from the `fastapi-offline` wheel (ReDoc's footer logo,
its one request to another host, is pointed at our own favicon). Every URL in the pages is
relative, so they also work behind a reverse proxy that adds a path prefix (the compose
gateway's `/_/<service>/docs`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from starlette.responses import HTMLResponse, Response

ASSETS = Path(fastapi_offline.__file__).parent / "static"
STATIC = "static/docs"  # relative to the service root; mounted at /static/docs


REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"  # the bundle's only request to another host


@lru_cache(maxsize=1)
def _redoc_bundle() -> bytes:
    """ReDoc's bundle with its footer logo taken from the service (relative to `/redoc`), not from a CDN."""
    bundle = (ASSETS / "redoc.standalone.js").read_text(encoding="utf-8")
    return bundle.replace(REDOCLY_LOGO, f"{STATIC}/favicon.png").encode("utf-8")


def install_docs(app: FastAPI) -> None:
    """Serve `/docs`, `/redoc` and their assets; the app must be made with `docs_url=redoc_url=None`."""

    @app.get(f"/{STATIC}/redoc.standalone.js", include_in_schema=False)
    async def redoc_bundle() -> Response:  # before the mount, so it wins over the file
        return Response(_redoc_bundle(), media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})

    app.mount(f"/{STATIC}", StaticFiles(directory=ASSETS), name="docs-assets")
    title = app.title

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        # `/docs` is one level below the root, so `openapi.json` and `static/...` resolve next to it.
        return get_swagger_ui_html(
            openapi_url="openapi.json", title=f"{title} — 接口文档", swagger_js_url=f"{STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{STATIC}/swagger-ui.css", swagger_favicon_url=f"{STATIC}/favicon.png",
            oauth2_redirect_url=None,  # bearer tokens only: no OAuth2 redirect flow
            swagger_ui_parameters={"validatorUrl": None, "persistAuthorization": True},
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url="openapi.json", title=f"{title} — 接口文档", redoc_js_url=f"{STATIC}/redoc.standalone.js",
            redoc_favicon_url=f"{STATIC}/favicon.png", with_google_fonts=False,
        )
