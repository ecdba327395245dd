"""Writes jinja_features.jsonl: small templates, each exercising Jinja2 features that chat templates use, rendered by
the environment Hugging Face transformers compiles chat templates with (trim_blocks, lstrip_blocks, its tojson,
raise_exception, loop controls). Run with transformers and jinja2 installed: python make_feature_goldens.py
Each line: {"template", "variables", "expected"} or {"template", "variables", "error"}.
"""
import json

import jinja2
import transformers
from transformers.utils.chat_template_utils import _compile_jinja_template

MSGS = [{"role": "system", "content": "  Be brief.\n"}, {"role": "user", "content": "Héllo 🙂"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "f", "arguments": {"x": 1, "y": [1.5, None]}}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "{\"ok\": true}"}]
TOOLS = [{"type": "function", "function": {"name": "f", "description": "Does f.", "parameters": {
    "type": "object", "properties": {"x": {"type": "integer", "default": 3}, "y": {"type": "array"}},
    "required": ["x"]}}}]

CASES = [
    # whitespace control, trim_blocks, lstrip_blocks
    ("  {% if true %}\n  yes\n  {% endif %}\n  after", {}),
    ("a  {%- if true -%}  b  {%- endif -%}  c", {}),
    ("{% for i in [1, 2] %}\n    {{ i }}\n{% endfor %}", {}),
    ("x {{- ' y ' -}} z\n{# comment #}\nend", {}),
    ("  {%+ if true %}kept{% endif %}", {}),
    ("line\n    {# indented comment #}\nnext", {}),
    ("{% raw %}{{ not rendered }}{% endraw %}", {}),
    ("trailing newline is dropped\n", {}),
    ("crlf\r\nlines\r\n{{ 'x' }}", {}),
    # values as Python prints them
    ("{{ [1, 'a', none, true, 1.5, {'k': \"it's\"}] }}|{{ (1,) }}|{{ (1, 2) }}|{{ {} }}", {}),
    ("{{ 1e-5 }} {{ 1e16 }} {{ 123456789012345.0 }} {{ 0.1 + 0.2 }} {{ 2.0 }} {{ -0.0 }} {{ 10 / 4 }} {{ 7 // 2 }}"
     " {{ -7 // 2 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ 2 ** -1 }}", {}),
    ("{{ x }}|{{ y }}|{{ z }}|{{ n }}", {"x": None, "y": True, "z": 3.0, "n": 12345678901234567890}),
    ("{{ 'tab\\there' }}|{{ \"q'\" }}|{{ '\\u00e9\\x41' }}|{{ 'a' 'b' }}", {}),
    # tojson as Hugging Face defines it
    ("{{ v | tojson }}", {"v": {"a": "é\n\u0001\u007f\"\\", "b": [1, 2.5, 1e-07, None, True, False], "c": {}}}),
    ("{{ v | tojson(indent=4) }}", {"v": {"a": [1, {}], "b": [], "c": {"d": "ü"}}}),
    ("{{ v | tojson(indent=2, sort_keys=true) }}|{{ v | tojson(separators=(',', ':')) }}", {"v": {"b": 1, "a": [2]}}),
    ("{{ v | tojson(ensure_ascii=true) }}", {"v": "é🙂"}),
    ("{% for t in tools %}{{ t | tojson(indent=4) }}\n\n{% endfor %}", {"tools": TOOLS}),
    # strings
    ("{{ s.strip() }}|{{ s.lstrip() }}|{{ s.rstrip() }}|{{ s.strip(' \\n') }}|{{ s.split() }}|{{ s.split(' ') }}",
     {"s": "  a b\u00a0 c \n"}),
    ("{{ s.split('</think>')[-1].lstrip('\\n') }}|{{ s.split('</think>')[0].rstrip('\\n').split('<think>')[-1] }}",
     {"s": "<think>\nhm\n</think>\n\nanswer"}),
    ("{{ s.startswith('ab') }}{{ s.endswith(('x', 'cd')) }}{{ s.upper() }}{{ s.title() }}{{ s.replace('b', 'B') }}"
     "{{ s.find('c') }}{{ s.count('b') }}{{ '-'.join(['a', 'b']) }}{{ s.capitalize() }}", {"s": "abcd bb"}),
    ("{{ s[0] }}{{ s[-1] }}{{ s[1:3] }}{{ s[::-1] }}{{ s[::2] }}{{ s | length }}", {"s": "h🙂llo"}),
    ("{{ 'a,b,,c'.split(',', 1) }}{{ 'a b'.rsplit(' ', 1) }}{{ 'x' * 3 }}{{ 'a' ~ 1 ~ none }}", {}),
    # lists, slices, membership, comparisons
    ("{{ m[::-1] | map(attribute='role') | list }}|{{ m[1:] | length }}|{{ m[-1].role }}", {"m": MSGS}),
    ("{{ 'b' in 'abc' }}{{ 2 in [1, 2] }}{{ 'k' in {'k': 1} }}{{ 'z' not in 'abc' }}{{ 1 < 2 < 3 }}{{ 1 == 1.0 }}"
     "{{ [1, 2] == [1, 2] }}{{ 'a' < 'b' }}{{ none == none }}", {}),
    # tests
    ("{{ x is defined }}{{ y is defined }}{{ x is none }}{{ 'a' is string }}{{ {} is mapping }}{{ [] is iterable }}"
     "{{ 3 is number }}{{ 3 is integer }}{{ 3.0 is float }}{{ true is boolean }}{{ false is false }}"
     "{{ 4 is divisibleby 2 }}{{ 3 is odd }}{{ 1 is equalto 1 }}{{ x is not string }}", {"x": None}),
    # loops
    ("{% for m in messages %}{{ loop.index }}/{{ loop.length }}{{ loop.first }}{{ loop.last }}{{ loop.revindex }} "
     "{% endfor %}", {"messages": MSGS}),
    ("{% for m in messages if m.role != 'system' %}{{ loop.index0 }}{{ m.role }} {% endfor %}", {"messages": MSGS}),
    ("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}{% for k in d %}{{ k }}{% endfor %}",
     {"d": {"b": 1, "a": None}}),
    ("{% for i in range(5) %}{% if i == 1 %}{% continue %}{% endif %}{% if i == 3 %}{% break %}{% endif %}{{ i }}"
     "{% endfor %}", {}),
    ("{% for x in [] %}{{ x }}{% else %}empty{% endfor %}|{% for c in 'ab' %}{{ loop.cycle('x', 'y') }}{{ c }}"
     "{% endfor %}", {}),
    # scoping and namespace
    ("{% set x = 0 %}{% for i in range(3) %}{{ x }}{% set x = i %}{{ x }}|{% endfor %}{{ x }}", {}),
    ("{% set ns = namespace(n=0, last=none) %}{% for i in range(3) %}{% set ns.n = ns.n + i %}"
     "{% set ns.last = i %}{% endfor %}{{ ns.n }} {{ ns.last }}", {}),
    ("{% if true %}{% set y = 5 %}{% endif %}{{ y }}{% set a, b = [1, 2] %}{{ a }}{{ b }}", {}),
    ("{% set block %}inner {{ 1 + 1 }}{% endset %}[{{ block }}]", {}),
    # filters
    ("{{ '  x  ' | trim }}|{{ none | trim }}|{{ u | default('d') }}|{{ '' | default('d', true) }}|{{ [3, 1, 2] | sort }}"
     "|{{ ['b', 'A'] | sort }}|{{ [1, 2] | first }}{{ [1, 2] | last }}|{{ ['a', 'b'] | join(', ') }}"
     "|{{ 'abc' | upper }}|{{ [1, 1, 2] | unique | list }}|{{ 'x' | string }}{{ '3' | int + 1 }}{{ 2 | float }}", {}),
    ("{{ tools | map(attribute='function') | map(attribute='name') | join(',') }}|"
     "{{ messages | selectattr('role', 'equalto', 'user') | list | length }}|"
     "{{ messages | rejectattr('content') | map(attribute='role') | list }}|"
     "{{ ['a', 'code_interpreter', 'b'] | reject('equalto', 'code_interpreter') | join(', ') }}|"
     "{{ {'b': 1, 'a': 2} | dictsort }}|{{ {'a': 1} | items | list }}|{{ 'a\\nb' | indent(2) }}|"
     "{{ [1, 5, 3] | max }}{{ [1, 5, 3] | min }}{{ [1, 2] | sum }}{{ -3 | abs }}{{ 2.567 | round(1) }}",
     {"tools": TOOLS, "messages": MSGS}),
    # macros, conditional expressions, calls
    ("{%- macro render(t, indent=0) -%}{{ ' ' * indent }}{{ t.function.name }}({{ t.function.parameters.required "
     "| join(', ') }}){%- endmacro -%}{% for t in tools %}{{ render(t) }}|{{ render(t, indent=2) }}{% endfor %}",
     {"tools": TOOLS}),
    ("{{ 'yes' if x else 'no' }}{{ 'a' if false }}|{{ (x or 'fallback') }}{{ x and 'both' }}{{ not x }}",
     {"x": ""}),
    ("{{ dict(a=1, b='x') }}{{ namespace(a=1).a }}{{ range(2, 8, 3) | list }}", {}),
    ("{% generation %}kept{% endgeneration %}", {}),
    # a tool-calling template in the style of Llama 3.1's
    ("{{- bos_token }}{%- if messages[0]['role'] == 'system' %}{%- set system_message = messages[0]['content']|trim %}"
     "{%- set messages = messages[1:] %}{%- else %}{%- set system_message = '' %}{%- endif %}"
     "{%- if not date_string is defined %}{%- set date_string = '26 Jul 2024' %}{%- endif %}\n"
     "{{- '<|start_header_id|>system<|end_header_id|>\\n\\n' }}{{- 'Today Date: ' + date_string + '\\n\\n' }}"
     "{{- system_message }}{{- '<|eot_id|>' }}\n"
     "{%- for message in messages %}\n"
     "    {%- if not (message.role == 'ipython' or message.role == 'tool' or 'tool_calls' in message) %}\n"
     "        {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim"
     " + '<|eot_id|>' }}\n"
     "    {%- elif 'tool_calls' in message %}\n"
     "        {%- if not message.tool_calls|length == 1 %}\n"
     "            {{- raise_exception('This model only supports single tool-calls at once!') }}\n"
     "        {%- endif %}\n"
     "        {%- set tool_call = message.tool_calls[0].function %}\n"
     "        {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' -}}\n"
     "        {{- '{\"name\": \"' + tool_call.name + '\", ' }}\n"
     "        {{- '\"parameters\": ' }}\n"
     "        {{- tool_call.arguments | tojson }}\n"
     "        {{- '}' }}{{- '<|eot_id|>' }}\n"
     "    {%- elif message.role == 'tool' or message.role == 'ipython' %}\n"
     "        {{- '<|start_header_id|>ipython<|end_header_id|>\\n\\n' }}\n"
     "        {%- if message.content is mapping or message.content is iterable %}\n"
     "            {{- message.content | tojson }}\n"
     "        {%- else %}\n"
     "            {{- message.content }}\n"
     "        {%- endif %}\n"
     "        {{- '<|eot_id|>' }}\n"
     "    {%- endif %}\n"
     "{%- endfor %}\n"
     "{%- if add_generation_prompt %}{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{%- endif %}\n",
     {"messages": MSGS, "bos_token": "<|begin_of_text|>", "add_generation_prompt": True}),
    # errors Hugging Face raises
    ("{{ raise_exception('Conversation roles must alternate') }}", {}),
    ("{{ m.content.startswith('x') }}", {"m": {"role": "user"}}),
    ("{{ 'a' in none }}", {}),
    ("{{ 'a' + 1 }}", {}),
    ("{{ undefined_thing.attr }}", {}),
    ("{{ v | tojson }}", {}),
    ("{% set x = 1 %}{% set x.y = 2 %}", {}),
    ("{% for x in 3 %}{% endfor %}", {}),
]


def main():
    print("transformers", transformers.__version__, "jinja2", jinja2.__version__)
    with open("jinja_features.jsonl", "w", encoding="utf-8") as out:
        for template, variables in CASES:
            line = {"template": template, "variables": variables}
            try:
                line["expected"] = _compile_jinja_template(template).render(**variables)
            except Exception as e:  # noqa: BLE001 - any failure is the golden
                line["error"] = "%s: %s" % (type(e).__name__, e)
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
