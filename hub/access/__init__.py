"""Accessibility and language preferences, the accessibility statement, "Finish and clear
my data" for shared computers, and audio (text to speech)."""
