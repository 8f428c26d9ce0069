"""The home program builder and what it is made of: the exercise library panel, the program's items
and their dosage, the live handout preview, the handed-out versions, the clinic's own exercises, and
reprinting a patient's current program from the patient list.

Nothing is imported here: the builder loads (with QtPdf) when it is first opened.
"""
