"""Build the FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI

from assistant.services import Services
from assistant.settings import Settings, get_settings
from bots.api.errors import install_error_handlers
from bots.api.routes import health, procedures


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    services = services or Services(settings or get_settings())
    app = FastAPI(title="Trợ lý thủ tục hành chính", version="1")
    app.state.services = services
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(procedures.router)
    return app
