"""Personalised booklets: a shortlist kept in the visitor's session, printed as a PDF or a
web page, saved under a short code that anyone can reprint with up-to-date information."""
