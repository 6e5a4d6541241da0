"""ipywidgets compositions over the pmwidgets core and plotting modules."""
