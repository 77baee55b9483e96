"""One generated section of docs/BENCHMARKS.md, kept between its markers."""

import re


def replace_section(path, name, section):
    """Puts `section` (which starts with `<!-- NAME:begin` and ends with
    `<!-- NAME:end -->`) in place of the file's section of that name, or at its end."""
    doc = open(path).read()
    pattern = r'<!-- ' + re.escape(name) + r':begin.*?<!-- ' + re.escape(name) + r':end -->'
    if re.search(pattern, doc, flags=re.S):
        doc = re.sub(pattern, lambda _: section, doc, flags=re.S)
    else:
        doc = doc.rstrip('\n') + '\n\n' + section + '\n'
    open(path, 'w').write(doc)
