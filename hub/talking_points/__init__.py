"""Talking Points: face-to-face conversations with adult social care staff at community
venues. Residents book a time with no account; staff run the sessions; a coordinator keeps
the venues, their regular sessions and closures."""
