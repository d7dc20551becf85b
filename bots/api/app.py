"""Build the FastAPI application."""

from __future__ import annotations

import logging

from fastapi import FastAPI

from assistant.embeddings import use_query_threads
from assistant.services import Services
from assistant.settings import Settings, get_settings
from bots.api.errors import install_error_handlers
from bots.api.routes import chat, checklists, health, procedures


logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    services = services or Services(settings or get_settings())
    use_query_threads(services.settings)
    try:
        services.repository  # brings the database to the latest schema (a no-op when it is)
    except Exception as exc:  # an unreachable database: start anyway, /readyz says why
        logger.warning("database not migrated at start-up: %s", exc)
    app = FastAPI(title="Trợ lý thủ tục hành chính", version="1")
    app.state.services = services
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(procedures.router)
    app.include_router(chat.router)
    app.include_router(checklists.router)
    return app
