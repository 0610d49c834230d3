"""The knowledge pages of a programme: search, who does what, practices, instruments and
meetings. Everyone in the programme reads them; a public practice also without logging in."""
