"""How a build is validated: in place over a view of its graphs, the shapes' SPARQL on the embedded store.

These tests pin what the speed-ups must not change: the same answers as rdflib,
the same outcome whether validation runs beside serialization or after it, and
the defects of spans (checked class-wide, not node by node) still named one by one.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

from builder.graphs import TripleView
from builder.outputs.validated import serialize_and_validate
from builder.outputs.write import dataset_quads, serialize_outputs
from builder.pipeline import BuildResult, BuildSettings, build
from builder.runtime import BUILD_GC_THRESHOLD, build_gc
from builder.validate import SH, _ShaclData, load_shapes, sparql_store, validate
from tests.conftest import REPORT, copy_report

POA = Namespace("https://w3id.org/poa-kg/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")


def paragraph(g: Graph, ref: str) -> URIRef:
    found = [s for s in g.subjects(POA.ref, Literal(ref)) if (s, RDF.type, POA.Paragraph) in g]
    assert len(found) == 1
    assert isinstance(found[0], URIRef)
    return found[0]


def span_of(g: Graph, unit: URIRef) -> URIRef:
    span = g.value(unit, POA.sourceSpan)
    assert isinstance(span, URIRef)
    return span


def test_the_data_view_holds_the_merged_data_and_answers_every_pattern(built: BuildResult) -> None:
    view = built.data_view()
    assert isinstance(view, TripleView)
    merged = built.data_graph()
    assert len(view) == len(merged) == len(set(view)) == 39707
    assert set(view) == set(merged)
    para = next(iter(merged.subjects(POA.eId, Literal("section_II__para_26"))))
    for pattern in [(para, None, None), (para, POA.eId, None), (None, POA.eId, None), (None, RDF.type, POA.State),
                    (None, None, Literal("section_II__para_26")), (para, RDF.type, POA.Paragraph), (None, None, None)]:
        assert set(view.triples(pattern)) == set(merged.triples(pattern)), pattern
    assert len(set(view.triples((None, RDF.type, POA.State)))) == 195
    with pytest.raises(TypeError, match="read-only"):
        view.add((URIRef("urn:x:s"), RDF.type, POA.Paragraph))
    with pytest.raises(TypeError, match="read-only"):
        view.remove((None, None, None))


def test_span_defects_are_named_span_by_span(built: BuildResult) -> None:
    g = built.data_graph()
    missing_end = span_of(g, paragraph(g, "II.26"))
    g.remove((missing_end, OA.end, None))
    mistyped = span_of(g, paragraph(g, "II.27"))
    start = g.value(mistyped, OA.start)
    g.remove((mistyped, OA.start, None))
    g.add((mistyped, OA.start, Literal(str(start), datatype=XSD.integer)))
    orphan = span_of(g, paragraph(g, "II.28"))
    elsewhere = URIRef("urn:x:not-a-source")
    g.remove((orphan, POA.sourceText, None))
    g.add((orphan, POA.sourceText, elsewhere))

    outcome = validate(g)

    assert not outcome.conforms
    assert sorted(v.message for v in outcome.violations) == sorted([
        f"Span {missing_end} has 1 start(s), 0 end(s) and 1 source text(s), not one of each.",
        "A span's start is one xsd:nonNegativeInteger.",
        f"Span {orphan}: its source {elsewhere} is not a poa:SourceText.",
    ])
    by_message = {v.message: v for v in outcome.violations}
    assert by_message["A span's start is one xsd:nonNegativeInteger."].focus == str(mistyped)


def constraints_with_focus_nodes(shapes: Graph, data: Graph) -> list[tuple[str, list[URIRef]]]:
    """Each SPARQL constraint of the shapes with the focus nodes its shape targets in ``data``."""
    out = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        focus: set[URIRef] = set()
        for cls in shapes.objects(shape, SH.targetClass):
            focus.update(s for s in data.subjects(RDF.type, cls) if isinstance(s, URIRef))
        focus.update(n for n in shapes.objects(shape, SH.targetNode) if isinstance(n, URIRef))
        for prop in shapes.objects(shape, SH.targetObjectsOf):
            focus.update(o for o in data.objects(None, prop) if isinstance(o, URIRef))
        out.append((str(shapes.value(constraint, SH.select)), sorted(focus, key=str)))
    return sorted(out)


@pytest.mark.slow  # a report of its own, and rdflib's engine on every constraint
def test_the_embedded_store_answers_every_constraint_like_rdflib(tmp_path: Path) -> None:
    # a report with a duplicated paragraph, so that at least the numbering constraint has answers
    text = REPORT.read_text(encoding="utf-8")
    line = next(ln for ln in text.split("\n") if ln.startswith("٢٧ - اتخاذ جميع التدابير المناسبة لمنع تسريب"))
    result = build([copy_report(tmp_path, text.replace(line + "\n", line + "\n\n" + line + "\n"))], BuildSettings())
    data = result.data_graph()
    shapes = load_shapes()
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in
                       [("poa", POA), ("oa", OA), ("rdf", RDF), ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
                        ("dcterms", "http://purl.org/dc/terms/"), ("skos", "http://www.w3.org/2004/02/skos/core#"),
                        ("org", "http://www.w3.org/ns/org#"), ("xsd", XSD)])
    engine = _ShaclData(data, sparql_store(data))
    answered = checked = 0
    for query, focus_nodes in constraints_with_focus_nodes(shapes, data):
        for focus in focus_nodes:
            ours = engine.query(prefixes + query, initBindings={"this": focus})
            theirs = Graph.query(data, prefixes + query, initBindings={"this": focus})
            rows = sorted(tuple(sorted((str(k), str(v)) for k, v in row.asdict().items())) for row in ours)
            expected = sorted(tuple(sorted((str(k), str(v)) for k, v in row.asdict().items())) for row in theirs)
            assert rows == expected, (query, focus)
            answered += len(rows)
            checked += 1
    assert checked == 70  # every (constraint, focus node) pair the shapes give on this graph
    assert answered == 1  # section II: paragraph number 27 is duplicated


@pytest.mark.slow  # forks the validation child (a process boundary)
def test_validation_beside_serialization_gives_what_validation_after_it_gives(tmp_path: Path) -> None:
    text = REPORT.read_text(encoding="utf-8")
    line = next(ln for ln in text.split("\n") if ln.startswith("٢٧ - اتخاذ جميع التدابير المناسبة لمنع تسريب"))
    result = build([copy_report(tmp_path, text.replace(line + "\n", ""))], BuildSettings())
    quads = dataset_quads(result)
    side_by_side = serialize_and_validate(result, sorted_quads=quads, parallel=True)
    one_after_other = serialize_and_validate(result, sorted_quads=quads, parallel=False)
    assert side_by_side.files == one_after_other.files == serialize_outputs(result)
    assert not side_by_side.outcome.conforms
    assert side_by_side.outcome.violations == one_after_other.outcome.violations
    assert [v.message for v in side_by_side.outcome.violations] == [
        "section II: paragraph number 27 is missing (paragraph 28 follows)."]
    assert len(side_by_side.outcome.report) == len(one_after_other.outcome.report) > 0


def test_a_store_with_named_graphs_is_queried_as_their_union(built: BuildResult) -> None:
    quads = dataset_quads(built)
    store = ox.Store()
    store.extend(q for q in quads.quads if "/graph/ontology" not in q.graph_name.value)
    assert validate(built.data_view(), sparql=store).conforms


def test_build_gc_raises_the_threshold_and_restores_it() -> None:
    before = gc.get_threshold()
    with build_gc():
        assert gc.get_threshold()[0] == max(before[0], BUILD_GC_THRESHOLD)
        with build_gc():
            assert gc.get_threshold()[0] == max(before[0], BUILD_GC_THRESHOLD)
        assert gc.get_threshold()[0] == max(before[0], BUILD_GC_THRESHOLD)
    assert gc.get_threshold() == before


@pytest.mark.slow  # rdflib parses the whole dataset
def test_load_data_reads_what_rdflib_reads(out_dir: Path) -> None:
    from rdflib import BNode, Dataset
    from rdflib.compare import isomorphic

    from builder.outputs.read import load_data

    graph, store = load_data(out_dir)
    reference = Dataset(default_union=True)
    reference.parse(out_dir / "dataset.nq", format="nquads")
    theirs = set(reference.triples((None, None, None)))
    ours = set(graph)

    def split(triples: set[tuple[object, object, object]]) -> tuple[set[object], Graph]:
        blank = Graph()
        plain = set()
        for t in triples:
            if isinstance(t[0], BNode) or isinstance(t[2], BNode):
                blank.add(t)  # type: ignore[arg-type]
            else:
                plain.add(t)
        return plain, blank

    (our_plain, our_blank), (their_plain, their_blank) = split(ours), split(theirs)
    assert our_plain == their_plain
    assert len(our_blank) == len(their_blank) == 154  # the lists and [ … ] of the ontology
    assert isomorphic(our_blank, their_blank)
    assert len(graph) == 41216
    assert len(store) == 39707 + 1509  # the quads: the data graphs and the ontology's graph


BROKEN_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix poa: <https://w3id.org/poa-kg/ontology#> .
@prefix ex: <urn:x:shapes#> .
ex:Broken a sh:NodeShape ;
    sh:targetClass poa:Report ;
    sh:sparql [ a sh:SPARQLConstraint ;
        sh:select "SELECT $this WHERE { VALUES ?x { 1 } $this a poa:Report }" ] .
"""


@pytest.mark.parametrize("parallel", [pytest.param(True, marks=pytest.mark.slow), False])  # True forks a child
def test_shapes_that_cannot_be_applied_are_an_error_on_either_side(built: BuildResult, parallel: bool) -> None:
    from builder.errors import ShapesError

    shapes = Graph().parse(data=BROKEN_SHAPES, format="turtle")
    with pytest.raises(ShapesError, match="must not contain a VALUES clause"):
        serialize_and_validate(built, shapes, parallel=parallel)


RULE_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix poa: <https://w3id.org/poa-kg/ontology#> .
@prefix ex: <urn:x:shapes#> .
ex:Checked a sh:NodeShape ;
    sh:targetClass poa:Report ;
    sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:checked ; sh:object ex:yes ] ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:message "not checked" ;
        sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this <urn:x:shapes#checked> <urn:x:shapes#yes> } }" ] .
"""


def test_shapes_with_rules_see_the_triples_the_rules_add_and_leave_the_data_alone() -> None:
    data = Graph()
    report = URIRef("urn:x:report")
    data.add((report, RDF.type, POA.Report))
    outcome = validate(data, Graph().parse(data=RULE_SHAPES, format="turtle"))
    assert outcome.conforms, outcome.summary()
    assert set(data) == {(report, RDF.type, POA.Report)}


@pytest.mark.slow  # forks the validation child (a process boundary)
def test_a_validated_build_writes_into_its_folder_what_it_would_hold_in_memory(built: BuildResult,
                                                                                tmp_path: Path) -> None:
    from builder.outputs.validated import validation_files, write_validated_outputs

    checked = serialize_and_validate(built, parallel=False)
    expected = checked.files | validation_files(checked.outcome)
    written, outcome = write_validated_outputs(built, tmp_path / "out")
    assert outcome.conforms and outcome.violations == checked.outcome.violations
    assert [p.name for p in written] == [name.rsplit("/", 1)[-1] for name in sorted(expected)]
    assert {name: (tmp_path / "out" / name).read_bytes() for name in expected} == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.gen-1", ".out.lock", "out"]


@pytest.mark.slow  # forks the validation child (a process boundary)
def test_a_validation_that_cannot_run_leaves_the_old_build_and_no_new_generation(built: BuildResult,
                                                                                 tmp_path: Path) -> None:
    from builder.errors import ShapesError
    from builder.outputs.validated import write_validated_outputs
    from builder.outputs.write import write_outputs

    out = tmp_path / "out"
    write_outputs(built, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    shapes = Graph().parse(data=BROKEN_SHAPES, format="turtle")
    with pytest.raises(ShapesError, match="must not contain a VALUES clause"):
        write_validated_outputs(built, out, shapes)
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.gen-1", ".out.lock", "out"]
