"""Shared by the tests of firms' texts in two languages: the Russian firm's words."""

from __future__ import annotations

RUSSIAN_OFFER = "Поставка титановых прутков; листы из титана"
RUSSIAN_REQUEST = "Ищем механическую обработку титана"
