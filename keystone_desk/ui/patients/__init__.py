"""Patient screens: the intake form (and, alongside, the patient list and chart)."""
