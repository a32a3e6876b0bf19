"""gpucost's command line: parse arguments, call ``estimator``, render."""
