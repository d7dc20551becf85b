"""The one root of the project's exceptions.

    AssistantError
    ├── IndexNotReady      the search index is missing or unreadable (run `assistant ingest`)
    ├── ProcedureNotFound  no procedure with that code
    └── IngestError        the knowledge base could not be built
"""


class AssistantError(Exception):
    """Base class of every error this project raises on purpose."""


class IndexNotReady(AssistantError):
    pass


class ProcedureNotFound(AssistantError):
    pass


class IngestError(AssistantError):
    pass
