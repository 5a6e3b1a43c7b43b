"""The client record screen: header, phase moves, form editor and one module per tab."""
