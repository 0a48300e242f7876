"""The archive's link graph: articles and the outside domains they link to, as a networkx
MultiDiGraph (build.py), its figures (stats.py), and GraphML, GEXF or CSV files (write.py).
Never imports Scrapy."""
