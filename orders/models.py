"""Orders arrive with the "Buying" issue; the app exists from the start so the layout is stable."""
