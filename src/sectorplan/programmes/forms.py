from django import forms
from django.utils.translation import gettext_lazy as _

#: Spreadsheets of a few thousand rows stay far below this; anything larger is a mistake.
MAX_IMPORT_BYTES = 10 * 1024 * 1024


class BasisImportForm(forms.Form):
    file = forms.FileField(
        label=_("File with the allocation basis"),
        help_text=_(
            "CSV (comma or semicolon) or XLSX with the columns region_code and basis. "
            "Decimals may be written the Dutch way (1.234,5)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)d MB; at most %(max)d MB is accepted.")
                % {"size": upload.size // (1024 * 1024), "max": MAX_IMPORT_BYTES // (1024 * 1024)}
            )
        return upload
