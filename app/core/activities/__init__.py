"""Activity types: what each kind of activity is, in one place."""
