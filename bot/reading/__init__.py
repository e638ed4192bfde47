"""Members' words → facts: typed answers (`typed`), the phrase reader (`phrases`) and the Reader protocol."""

from bot.reading.model import Evidence, Reader, Reading
from bot.reading.phrases import reader_for

__all__ = ["Evidence", "Reader", "Reading", "reader_for"]
