"""LibreOffice, headless, for turning generated documents (DOCX, XLSX) into PDF when this
machine has it installed."""

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

#: Seconds a conversion may take before it is given up.
PDF_TIMEOUT = 120


def office_program() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


def to_pdf(content: bytes, filename: str, export: str = "pdf") -> bytes | None:
    """`content` (a document named `filename`) as PDF; None when LibreOffice is missing or
    the conversion fails (the reason is logged). `export` is LibreOffice's target with its
    filter options, e.g. `pdf:writer_pdf_Export:{…}` for a tagged PDF."""
    office = office_program()
    if office is None:
        return None
    with tempfile.TemporaryDirectory(prefix="sectorplan-pdf-") as directory:
        work = Path(directory)
        source = work / filename
        source.write_bytes(content)
        command = [
            office,
            # A profile of its own: a user's running LibreOffice or an unwritable HOME would
            # otherwise make the conversion fail silently.
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            export,
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=PDF_TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            logger.warning("converting %s to PDF failed: %s", filename, error)
            return None
        result = source.with_suffix(".pdf")
        if done.returncode != 0 or not result.is_file():
            logger.warning(
                "converting %s to PDF failed (status %s): %s",
                filename,
                done.returncode,
                done.stderr.decode(errors="replace").strip(),
            )
            return None
        return result.read_bytes()
