"""The words `advisor rules show` uses to draw a decision table, in each language."""

from __future__ import annotations

TABLES: dict[str, dict[str, str]] = {
    "en": {
        "table_title": "Decision table {id}: {title}",
        "table_hit": "Hit policy: {policy}",
        "hit_unique": "unique (no two rows may match the same answers)",
        "hit_first": "first (the first matching row, top to bottom, decides)",
        "hit_priority": "priority (every matching row fires; the strongest conclusion wins)",
        "hit_collect": "collect (every matching row fires)",
        "table_row": "row",
        "table_rule": "rule",
        "table_any": "any",
        "table_inputs": "when",
        "table_outputs": "then",
        "table_defined_at": "defined at {where}",
        "table_one_of": "{values}",
        "table_none_of": "not {values}",
        "table_sep": " or ",
        "table_unknown": "not known",
        "table_known": "known",
    },
    "zh": {
        "table_title": "决策表 {id}：{title}",
        "table_hit": "命中规则：{policy}",
        "hit_unique": "唯一（同一组回答只能匹配一行）",
        "hit_first": "首行优先（自上而下，第一条匹配的行决定结论）",
        "hit_priority": "取最重（匹配的各行都生效，以最重的结论为准）",
        "hit_collect": "全部汇总（匹配的各行都生效）",
        "table_row": "行",
        "table_rule": "规则",
        "table_any": "不限",
        "table_inputs": "条件",
        "table_outputs": "结论",
        "table_defined_at": "定义于 {where}",
        "table_one_of": "{values}",
        "table_none_of": "非{values}",
        "table_sep": "或",
        "table_unknown": "不明",
        "table_known": "已知",
    },
}
