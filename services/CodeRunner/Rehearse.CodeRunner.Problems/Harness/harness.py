# Rehearse test harness for Python: reads the run's spec (JSON) from stdin, loads the candidate's solution.py,
# calls its function or class once per test and writes one record per test to stdout as a line starting with
# "\x1e" and the run's nonce. What the candidate prints during a call is captured into that test's record.
import contextlib
import io
import json
import re
import sys
import time
import traceback
import typing
from typing import *  # noqa: F401,F403 - solutions use List, Optional, Dict... without importing them

MAX_CAPTURED = 4096
MAX_RESULT_JSON = 65536


class ListNode:
    def __init__(self, val=0, next=None):
        self.val = val
        self.next = next


class TreeNode:
    def __init__(self, val=0, left=None, right=None):
        self.val = val
        self.left = left
        self.right = right


def to_list_node(values):
    head = None
    for value in reversed(values or []):
        head = ListNode(value, head)
    return head


def to_tree_node(values):
    if not values or values[0] is None:
        return None
    root = TreeNode(values[0])
    queue, i = [root], 1
    for node in queue:
        if i >= len(values):
            break
        if values[i] is not None:
            node.left = TreeNode(values[i])
            queue.append(node.left)
        i += 1
        if i < len(values) and values[i] is not None:
            node.right = TreeNode(values[i])
            queue.append(node.right)
        i += 1
    return root


def convert_in(value, type_name):
    base = type_name.rstrip("[]")
    depth = (len(type_name) - len(base)) // 2
    if base not in ("ListNode", "TreeNode"):
        return value

    def walk(v, d):
        if d > 0:
            return [walk(x, d - 1) for x in v]
        return to_list_node(v) if base == "ListNode" else to_tree_node(v)

    return walk(value, depth)


def convert_out(value, seen=0):
    if seen > 100000:
        raise ValueError("the result is too deeply nested (a cycle?)")
    if isinstance(value, ListNode):
        out, count = [], 0
        while value is not None:
            out.append(convert_out(value.val))
            value = value.next
            count += 1
            if count > 100000:
                raise ValueError("the returned list has a cycle or more than 100000 nodes")
        return out
    if isinstance(value, TreeNode):
        out, queue = [], [value]
        for node in queue:
            if len(queue) > 200000:
                raise ValueError("the returned tree has a cycle or too many nodes")
            if node is None:
                out.append(None)
            else:
                out.append(convert_out(node.val))
                queue.append(node.left)
                queue.append(node.right)
        while out and out[-1] is None:
            out.pop()
        return out
    if isinstance(value, (list, tuple)):
        return [convert_out(v, seen + 1) for v in value]
    if isinstance(value, dict):
        return {str(k): convert_out(v, seen + 1) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        raise TypeError("returned a set, which has no JSON form; return a list")
    return value


def snake(name):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def find(namespace, name, what):
    for candidate in (name, snake(name)):
        if candidate in namespace:
            return namespace[candidate]
    solution = namespace.get("Solution")
    if isinstance(solution, type):
        instance = solution()
        for candidate in (name, snake(name)):
            if hasattr(instance, candidate):
                return getattr(instance, candidate)
    raise NameError(f"solution.py defines no {what} named {name}" + (f" or {snake(name)}" if snake(name) != name else ""))


def member(instance, name):
    for candidate in (name, snake(name)):
        if hasattr(instance, candidate):
            return getattr(instance, candidate)
    raise AttributeError(f"{type(instance).__name__} has no method {name}")


def describe(error):
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == "solution.py"]
    where = f" (line {frames[-1].lineno})" if frames else ""
    return f"{type(error).__name__}: {error}{where}"


def main():
    spec = json.loads(sys.stdin.read())
    nonce = spec["nonce"]
    out = sys.stdout

    def emit(record):
        out.write("\x1e" + nonce + " " + json.dumps(record, allow_nan=False) + "\n")
        out.flush()

    namespace = {"__name__": "solution", "ListNode": ListNode, "TreeNode": TreeNode}
    namespace.update({name: getattr(typing, name) for name in typing.__all__})
    with open("/sandbox/solution.py", encoding="utf-8") as source:
        code = compile(source.read(), "solution.py", "exec")
    exec(code, namespace)

    kind, name = spec["kind"], spec["name"]
    types = spec["parameterTypes"]
    target = find(namespace, name, "class" if kind == "class" else "function")
    sys.setrecursionlimit(100000)
    for index, test in enumerate(spec["tests"]):
        captured = io.StringIO()
        record = {"index": index}
        started = time.perf_counter()
        try:
            with contextlib.redirect_stdout(captured):
                if kind == "class":
                    operations, arguments = test["operations"], test["arguments"]
                    instance = target(*[convert_in(a, t) for a, t in zip(arguments[0], types)])
                    results = [None]
                    for operation, args in zip(operations[1:], arguments[1:]):
                        results.append(convert_out(member(instance, operation)(*args)))
                    value = results
                else:
                    value = convert_out(target(*[convert_in(a, t) for a, t in zip(test, types)]))
                    if value is None and spec["returnType"] in ("ListNode", "TreeNode"):
                        value = []  # the empty list or tree is written []
            size = len(json.dumps(value, allow_nan=False))
            if size > MAX_RESULT_JSON:
                raise ValueError(f"the result's JSON is {size} characters, over the limit of {MAX_RESULT_JSON}")
            record["value"] = value
        except RecursionError as error:
            record.pop("value", None)
            record["error"] = f"RecursionError: {error}"
        except Exception as error:  # noqa: BLE001 - any failure of the candidate's code is that test's result
            record.pop("value", None)
            record["error"] = describe(error)
        record["ms"] = (time.perf_counter() - started) * 1000
        record["stdout"] = captured.getvalue()[:MAX_CAPTURED]
        emit(record)


main()
