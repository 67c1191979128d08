"""The dialog engine: the aanvraag as a table, the turn, Dutch texts and understanding."""
