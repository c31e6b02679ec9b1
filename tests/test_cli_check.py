"""``bunko check``: the build's warnings as errors, a site owner's concerns as warnings."""

from __future__ import annotations

import json

from bunko_cli import bunko, make_site, no_traceback, post, sample_site

from conftest import shared_corpus, sphinx_build


def _findings(result) -> list[dict]:
    return json.loads(result.stdout)


def test_the_sample_posts_have_warnings_but_no_errors(tmp_path):
    site = sample_site(tmp_path / "site")
    result = bunko("check", cwd=site)
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    seed = "posts/2026-02-10-aws-ai-chips.md"
    # The seed article repeats two of its paragraphs (the second time split differently).
    repeats = [line for line in lines if line.startswith(seed) and "repeats text" in line]
    assert [line.split(":")[1] for line in repeats] == ["52", "54", "62"]
    assert f"{seed}:66: warning: leftover generator marker '---END---'" in result.stdout
    assert ("posts/2025-12-03-vector-database.md:6: warning: tag 'ＡＩ' is merged with 'AI'"
            in result.stdout)
    assert lines[-1] == "checked 6 post(s): 0 error(s), 6 warning(s)"


def test_front_matter_errors_name_file_line_key_and_expected_form(tmp_path):
    site = make_site(tmp_path / "site", {
        "2024-01-01-broken-yaml.md": '---\ntitle: "unclosed\ndate: 2024-01-01\n---\n\nText.\n',
        "2024-01-02-bad-date.md": post(date="2024-13-45"),
        "2024-01-03-bad-flag.md": post(published="maybe"),
        "2024-01-04-legacy.md": "---\ntitle: 文字化け\n---\n\n日本語\n".encode("shift_jis"),
        "2024-01-05-liquid.md": post(body="{% include note.html %}\n"),
    })
    result = bunko("check", "--format", "json", cwd=site)
    assert result.returncode == 1 and no_traceback(result)
    errors = {(item["path"], item["line"], item["key"]): item["message"]
              for item in _findings(result) if item["level"] == "error"}
    assert "not valid YAML" in errors[("posts/2024-01-01-broken-yaml.md", 2, "title")]
    date_error = errors[("posts/2024-01-02-bad-date.md", 3, "date")]
    assert "'2024-13-45'" in date_error and "expected date: YYYY-MM-DD" in date_error
    assert "expected published: true or false" in errors[("posts/2024-01-03-bad-flag.md", 4,
                                                          "published")]
    assert "not UTF-8" in errors[("posts/2024-01-04-legacy.md", None, None)]
    assert "{% include note.html %}" in errors[("posts/2024-01-05-liquid.md", 6, None)]
    text = bunko("check", cwd=site)
    assert "posts/2024-01-02-bad-date.md:3: error: date '2024-13-45'" in text.stdout


def test_quality_checks_are_warnings_and_strict_makes_them_errors(tmp_path):
    repeated = "This paragraph is long enough to count as a passage of prose, surely."
    site = make_site(tmp_path / "site", {
        "2024-01-01-a.md": post(title="Same", tags="AI"),
        "2024-01-02-b.md": post(title="Same", tags="ai"),
        "2024-01-03-empty.md": post(title="Empty", body="\n"),
        "2024-01-04-links.md": post(title="Links", body="![chart](img/chart.png)\n\n"
                                    "[older](2024-01-01-a.md) [gone](2023-01-01-gone.md)\n"),
        "2024-01-05-repeat.md": post(title="Repeat", body=f"{repeated}\n\nOther.\n\n{repeated}\n"
                                     "\n---END---\n"),
        "2099-01-01-future.md": post(title="Future", date="2099-01-01"),
    })
    result = bunko("check", "--format", "json", cwd=site)
    assert result.returncode == 0, result.stdout
    found = {(item["path"].split("/")[-1], item["line"], item["key"]): item["message"]
             for item in _findings(result)}
    assert all(item["level"] == "warning" for item in _findings(result))
    assert "also the title of posts/2024-01-02-b.md" in found[("2024-01-01-a.md", 2, "title")]
    assert "'ai' is merged with 'AI'" in found[("2024-01-02-b.md", 4, "tags")]
    assert "body is empty" in found[("2024-01-03-empty.md", 5, None)]
    assert found[("2024-01-04-links.md", 6, None)] == "image 'img/chart.png' is not there"
    assert found[("2024-01-04-links.md", 8, None)] == ("link '2023-01-01-gone.md' leads to no "
                                                       "post or file")
    assert not any("2024-01-01-a.md'" in message for message in found.values())
    assert "repeats text from line 6" in found[("2024-01-05-repeat.md", 10, None)]
    assert "'---END---'" in found[("2024-01-05-repeat.md", 12, None)]
    assert "in the future" in found[("2099-01-01-future.md", 3, "date")]
    strict = bunko("check", "--strict", cwd=site)
    assert strict.returncode == 1 and ": error: " in strict.stdout


def test_a_single_file_is_checked_against_its_folder(tmp_path):
    site = make_site(tmp_path / "site", {
        "2024-01-01-a.md": post(title="Same"), "2024-01-02-b.md": post(title="Same"),
        "2024-01-03-bad.md": post(date="never"),
    })
    result = bunko("check", "posts/2024-01-01-a.md", cwd=site)
    assert result.returncode == 0
    assert "also the title of posts/2024-01-02-b.md" in result.stdout
    assert "2024-01-03-bad" not in result.stdout
    assert bunko("check", "posts/missing.md", cwd=site).returncode == 2


def test_the_corpora(tmp_path):
    vim_jp = bunko("check", str(shared_corpus("corpora", "vim-jp", "_posts")), cwd=tmp_path)
    assert vim_jp.returncode == 0 and "checked 349 post(s): 0 error(s)" in vim_jp.stdout
    eighteen_f = bunko("check", "--format", "json",
                       str(shared_corpus("corpora", "18f", "_posts")), cwd=tmp_path)
    assert eighteen_f.returncode == 1
    errors = [item for item in _findings(eighteen_f) if item["level"] == "error"]
    assert {item["key"] for item in errors} == {"date", None}
    assert any("(optional)" in item["message"] for item in errors)


def test_liquid_output_that_renders_nothing_is_a_warning(tmp_path):
    body = ("{{ page.image }} and {{ site.baseurl }}/x\n\n"
            "{% raw %}{{ shown on purpose }}{% endraw %}\n\n```\n{{ in code }}\n```\n")
    site = make_site(tmp_path / "site", {"2024-01-01-a.md": post(body=body)})
    result = bunko("check", "--format", "json", cwd=site)
    messages = [item["message"] for item in _findings(result)]
    assert [m for m in messages if "Liquid output" in m] == [
        "Liquid output '{{ page.image }}' renders nothing: what it names is not in the front "
        "matter, _config.yml or _data/"]



def test_links_to_pages_the_archive_lacks_and_missing_images_are_listed(tmp_path):
    body = ("[a](/blog/2024/01/01/a.html) [gone](/blog/2020/01/01/gone/)\n\n"
            "![ok](/blog/assets/ok.png) ![lost](/assets/lost.png)\n\n"
            '<p><a href="https://old.example/blog/docs/x.html">x</a> '
            '<a href="https://elsewhere.example/y">y</a></p>\n')
    site = make_site(tmp_path / "site", {
        "2024-01-01-a.md": post(title="A", date="2024-01-01"),
        "2024-01-02-links.md": post(title="Links", body=body),
    })
    (site / "jekyll/assets").mkdir(parents=True)
    (site / "jekyll/_config.yml").write_text("url: https://old.example\nbaseurl: /blog\n",
                                             "utf-8")
    (site / "jekyll/assets/ok.png").write_bytes(b"png")
    result = bunko("check", "--format", "json", cwd=site)
    assert result.returncode == 0, result.stdout
    found = [(item["line"], item["message"]) for item in _findings(result)
             if item["path"].endswith("links.md")]
    assert found == [
        (6, "link '/blog/2020/01/01/gone/' leads to no post or file"),
        (8, "image '/assets/lost.png' is not there"),
        (10, "link 'https://old.example/blog/docs/x.html' leads to no post or file"),
    ]
    # The build warns about the same URLs on the same lines.
    build = sphinx_build(site)
    warned = [(int(line.split(".md:")[1].split(":")[0]), line.split("'")[1])
              for line in build.stderr.splitlines() if "[bunko.link]" in line]
    assert warned == [(line, message.split("'")[1]) for line, message in found]
