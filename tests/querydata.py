"""The small graph and hostile parameter values shared by the named-query tests (``read/test_queries.py``,
``web/test_views_queries.py``).

The graph follows the IAG 2024 page (seed 000, https://www.cbd.int/dsi-gr/iag-2024.shtml) and the
AIBS workshop-series page (seed 002, https://learnnagoya.com/workshop-series/).
"""

ID = "https://w3id.org/dsi-graph/id/"
SMALL = """
@prefix dsi: <https://w3id.org/dsi-graph/def/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/dsi-graph/id/> .
@prefix g: <https://w3id.org/dsi-graph/graph/> .

g:meta {
  g:seed-cbd-iag-2024 dsi:derivedFromSource <https://w3id.org/dsi-graph/id/source/seed-cbd-iag-2024> .
  <https://w3id.org/dsi-graph/id/source/seed-cbd-iag-2024> a dsi:Source ; rdfs:label "IAG 2024 page"@en .
}
g:ontology {
  dsi:AdvisoryGroupMeeting rdfs:subClassOf dsi:Meeting .
}
g:seed-cbd-iag-2024 {
  <https://w3id.org/dsi-graph/id/meeting/iag-2024-01> a dsi:AdvisoryGroupMeeting ;
    rdfs:label "Informal Advisory Group meeting, 23 January 2024"@en ;
    schema:startDate "2024-01-23"^^xsd:date ; schema:endDate "2024-01-23"^^xsd:date ;
    dsi:hasAgendaItem <https://w3id.org/dsi-graph/id/agenda-item/iag-2024-01-item-2> .
  <https://w3id.org/dsi-graph/id/agenda-item/iag-2024-01-item-2> a dsi:AgendaItem ; skos:notation "2" ;
    rdfs:label "Data governance (including associated traditional knowledge)"@en ;
    dsi:topic <https://w3id.org/dsi-graph/id/topic/data-governance> .
  <https://w3id.org/dsi-graph/id/topic/data-governance> a dsi:Topic ; rdfs:label "Data governance"@en .
  <https://w3id.org/dsi-graph/id/person/tim-hirsch> a dsi:Person ; rdfs:label "Tim Hirsch"@en ;
    skos:altLabel "Tim Hirsh"@en ; schema:affiliation <https://w3id.org/dsi-graph/id/organisation/gbif> .
  <https://w3id.org/dsi-graph/id/organisation/gbif> a dsi:Organisation ;
    rdfs:label "Global Biodiversity Information Facility"@en ; dsi:acronym "GBIF" .
  <https://w3id.org/dsi-graph/id/meeting/iag-2024-02> a dsi:AdvisoryGroupMeeting ;
    rdfs:label "Informal Advisory Group meeting, 15 February 2024"@en ;
    schema:startDate "2024-02-15"^^xsd:date ; schema:endDate "2024-02-15"^^xsd:date .
}
"""

HOSTILE = 'x> } ; DROP ALL ; #'
HOSTILE_LITERAL = 'x" } ; DROP ALL ; INSERT DATA { <a:b> <a:b> "c" } ; #\n"""'
