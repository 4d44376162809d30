"""What the build executes once per version of its inputs, and caches (``sitebuild.cache``).

- ``figures``: the one registry of figures, drawn in every language (SVG for pages, PNG to download);
- ``training``: the Figure 1 runs the figures draw;
- ``experiments``: the later experiments the figures draw (learning rates, batch noise, variance shift);
- ``explorer_data``: the batch the γ/β explorer redraws in the browser;
- ``snippets``: the code examples the pages run;
- ``notebooks``: the executed notebooks;
- ``prepare``: the only place these are produced, side by side, before the MkDocs builds,
  which only read them.
"""
