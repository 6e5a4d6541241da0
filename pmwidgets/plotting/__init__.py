"""bokeh figure factories: data in, (figure, ColumnDataSource) out; no ipywidgets."""
