"""One exception hierarchy; every message names the file or record and the problem."""


class DragonError(Exception):
    """Base of every error a user may see. The CLI prints it as one line and exits 1.

    `phrase` (a `labels.Phrase`) is the same message for the UI, which shows it in the rep's
    language (`text(lang)`); without one the UI shows the message as raised."""

    def __init__(self, *args: object, phrase: object = None) -> None:
        super().__init__(*args)
        self.phrase = phrase

    def text(self, lang: str) -> str:
        """The message in `lang` (zh or en) when the error carries a phrase."""
        return self.phrase.text(lang) if self.phrase is not None else str(self)  # type: ignore[attr-defined]


class DatabaseError(DragonError):
    """The database file is missing, unreadable, corrupt, of the wrong shape or too new."""


class DamagedDatabase(DatabaseError):
    """The database file's own content is bad (empty, truncated, corrupt, wrong shape, an invalid
    record): the one case where restoring a backup is the cure, so the CLI suggests it."""


class WriteFailed(DragonError):
    """The operating system refused a write (disk full, permission denied, a file in the way);
    the target is as it was."""


class ReadOnlyError(DragonError):
    """A write was attempted on a database opened read-only (another instance holds it)."""


class NotFound(DragonError):
    """A record asked for by id does not exist."""


class ValidationFailed(DragonError):
    """User input does not fit the model; the message names the field."""


class ImportRejected(DragonError):
    """An import (CSV, bundle) was refused as a whole; nothing was written."""


class BundleError(ImportRejected):
    """A sync bundle is not a bundle, the wrong version, tampered, or the passphrase is wrong."""


class HubError(DragonError):
    """The team hub cannot be reached, refused the connection, or is of another schema."""
