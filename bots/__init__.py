"""Everything a person talks to: the HTTP API (and, later, Telegram, Zalo, the widget)."""
