# Voila configuration for pmwidgets (read by `voila` from the directory it is started in).
#
# Used by `make demo` and by the browser tests in tests/ui/.
# Options given on the command line (e.g. --port) take precedence over this file.
c = get_config()  # noqa: F821 (injected by traitlets when it loads this file)

c.Voila.ip = "127.0.0.1"
c.Voila.port = 8866
c.Voila.open_browser = False

# A visitor sees outputs only: no code, no tracebacks (a traceback can leak data).
c.VoilaConfiguration.strip_sources = True
c.VoilaConfiguration.show_tracebacks = False

# Every page view starts a kernel (~130 MB) and Voila cannot shut it down when the tab closes:
# cull kernels idle for 2 minutes, checking every 30 s; a kernel with an open page is kept.
c.MappingKernelManager.cull_idle_timeout = 120
c.MappingKernelManager.cull_interval = 30
c.MappingKernelManager.cull_connected = False

# The two stakeholder dashboards keep one kernel each warmed up: started, libraries imported,
# BokehJS loaded, store opened, waiting for a visitor (pmwidgets.widgets.page.wait_for_visitor).
# The data is read only once the visitor arrives, so the page is never stale. Every other
# workbook starts its kernel on request (pool size 0). The names are relative to the folder
# served (`voila workbooks`).
c.VoilaConfiguration.preheat_kernel = True
c.VoilaKernelManager.kernel_pools_config = {
    "default": {"pool_size": 0},
    "dashboards/portfolio.ipynb": {"pool_size": 1},
    "dashboards/project_status.ipynb": {"pool_size": 1},
}
