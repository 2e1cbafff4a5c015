"""Everything a person or a program reads: words (vi/en), text formats, the terminal, HTML."""
