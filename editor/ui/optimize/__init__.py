"""Live optimization: the panel, its parameter form, the PSNR plot and the worker runner."""
