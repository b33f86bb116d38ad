"""The product's own words (headings, labels, prompts) in each language, and which to use.

Texts that belong to a knowledge base (questions, rules, recommendations) live in its files;
this module only holds the words of the tool itself.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

UI: dict[str, dict[str, str]] = {
    "en": {
        "report_title": "Change assessment",
        "case": "Case",
        "knowledge_base": "Knowledge base",
        "generated": "Generated",
        "verdict": "Overall verdict",
        "findings": "Findings",
        "flags": "Warning signs",
        "recommendations": "Recommendations",
        "assumptions": "Assumptions",
        "assumed": "assumed: not enough information",
        "because": "because",
        "rule": "rule",
        "none": "none",
        "no_findings": "No findings.",
        "no_recommendations": "No recommendations.",
        "priority": "Priority",
        "dont_know": "Not known",
        "dont_know_intro": "These questions were answered \"don't know\":",
        "notes": "Notes",
        "yes": "yes",
        "no": "no",
        "unknown": "unknown",
        "dimension": "Dimension",
        "level": "Level",
        "scores": "Readiness by dimension",
        "score": "Score",
        "coverage": "answered",
        "low_confidence": "low confidence: many questions unanswered",
        "largest_losses": "largest point losses",
        "readiness_index": "Readiness index",
        "change_index": "Change-size index",
        "structural_risk": "Structural risk (size against readiness)",
        "rule_size": "rule-derived size",
        "would_settle": "its answer could settle",
        "provisional": "Provisional findings",
        "provisional_intro": "These rules wait only for answers that are missing:",
        "waiting_for": "waiting for",
        "and_more": "(and {n} more)",
        "best_question": "The one answer that would settle the most of them ({n}):",
        "trace": "Appendix: reasoning trace",
        "trace_intro": "Every rule that fired, in the order it fired.",
        "matched": "matched",
        "concluded": "concluded",
        "source": "source",
        "recommendation": "Recommendation",
        "answer": "Answer",
        "not_concluded": "not concluded",
        "see_above": "explained above",
        "superseded": "{rule} proposed {value}; {kept} was kept",
        "no_rule_concludes": "No rule can conclude {target}.",
        "fired": "fired",
        "false_leaves": "not met",
        "unknown_leaves": "unknown (no answer)",
        "answers_changed": "Changed answers",
        "no_difference": "No conclusion changes.",
        "conclusions_changed": "Changed conclusions",
        "advice_changed": "Changed recommendations",
        "now_from": "now from",
        "no_longer": "no longer:",
        "no_single_change": "No single answer change would move it.",
        "would_drop": "fall",
        "would_rise": "rise",
        "swing_line": "If \"{question}\" were {answer} (now {now}), "
                      "{finding} would {verb} from {before} to {after}.",
        "swing_title": "Swing analysis: single answers that would change the key findings",
        "section_of": "Section {n} of {total}",
        "question_progress": "Question {n}, about {left} left after this one",
        "why_none": "No rule reads this answer any more; you can skip it with \"don't know\".",
        "why_intro": "This answer can still change these conclusions:",
        "could_conclude": "could conclude",
        "review_title": "Your answers",
        "review_prompt": "Is everything right?",
        "finish": "Finish and show the report",
        "change_answer": "Change an answer",
        "which_answer": "Which answer?",
        "dont_know_option": "Don't know",
        "yes_option": "Yes",
        "no_option": "No",
        "why_option": "Why do you ask?",
        "back_option": "Back to the previous question",
        "select_instruction": "(arrow keys, Enter)",
        "checkbox_instruction": "(Space to select, Enter to confirm)",
        "typed_instruction": "(? = don't know, ?? = why do you ask, < = back)",
        "command_alone": "Choose either answers or one command, not both",
        "pick_one": "Select at least one choice (or \"Don't know\")",
        "not_a_number": "Please enter a number",
        "case_name": "A name for this case",
        "saving_to": "Answers are saved after every question to",
        "resume_with": "Interrupted. Your answers are saved. Resume with:",
        "resumed": "Resuming",
        "answers_saved": "Answers saved to",
    },
    "zh": {
        "report_title": "变革评估报告",
        "case": "案例",
        "knowledge_base": "知识库",
        "generated": "生成时间",
        "verdict": "总体结论",
        "findings": "主要发现",
        "flags": "预警信号",
        "recommendations": "建议",
        "assumptions": "假设",
        "assumed": "假定：信息不足",
        "because": "理由",
        "rule": "规则",
        "none": "无",
        "no_findings": "没有发现。",
        "no_recommendations": "没有建议。",
        "priority": "优先级",
        "dont_know": "未知信息",
        "dont_know_intro": "以下问题的回答是\"不知道\":",
        "notes": "备注",
        "yes": "是",
        "no": "否",
        "unknown": "未知",
        "dimension": "维度",
        "level": "等级",
        "scores": "各维度准备度",
        "score": "得分",
        "coverage": "已回答",
        "low_confidence": "置信度低：较多问题未回答",
        "largest_losses": "主要失分项",
        "readiness_index": "总体准备度指数",
        "change_index": "变革规模指数",
        "structural_risk": "结构性风险（规模对照准备度）",
        "rule_size": "规则判定的规模",
        "would_settle": "回答后可确定",
        "provisional": "待定结论",
        "provisional_intro": "以下规则只因缺少回答而尚未得出结论：",
        "waiting_for": "尚缺",
        "and_more": "（另有 {n} 项）",
        "best_question": "回答这一个问题可确定其中最多的结论（{n} 条）：",
        "trace": "附录：推理过程",
        "trace_intro": "按触发顺序列出每一条触发的规则。",
        "matched": "匹配条件",
        "concluded": "得出结论",
        "source": "依据来源",
        "recommendation": "建议",
        "answer": "回答",
        "not_concluded": "未得出",
        "see_above": "见上文",
        "superseded": "{rule} 提出“{value}”；最终保留“{kept}”",
        "no_rule_concludes": "没有规则能得出 {target}。",
        "fired": "已触发",
        "false_leaves": "未满足",
        "unknown_leaves": "未知（缺少回答）",
        "answers_changed": "变化的回答",
        "no_difference": "结论没有变化。",
        "conclusions_changed": "变化的结论",
        "advice_changed": "变化的建议",
        "now_from": "现由",
        "no_longer": "不再触发：",
        "no_single_change": "没有哪一个回答的改变能使其变化。",
        "would_drop": "降",
        "would_rise": "升",
        "swing_line": "如果“{question}”的回答是{answer}（目前为{now}），"
                      "{finding}将从{before}{verb}至{after}。",
        "swing_title": "敏感性分析：改变哪一个回答会改变关键结论",
        "section_of": "第 {n} 部分，共 {total} 部分",
        "question_progress": "第 {n} 题，之后约剩 {left} 题",
        "why_none": "已没有规则需要这个答案；可以选择“不知道”跳过。",
        "why_intro": "这个答案仍可能影响以下结论：",
        "could_conclude": "可能得出",
        "review_title": "您的回答",
        "review_prompt": "以上回答是否都正确？",
        "finish": "完成并查看报告",
        "change_answer": "修改某个回答",
        "which_answer": "修改哪一题？",
        "dont_know_option": "不知道",
        "yes_option": "是",
        "no_option": "否",
        "why_option": "为什么问这个？",
        "back_option": "返回上一题",
        "select_instruction": "（方向键选择，回车确认）",
        "checkbox_instruction": "（空格勾选，回车确认）",
        "typed_instruction": "(? = 不知道，?? = 为什么问，< = 返回）",
        "command_alone": "请选择答案，或只选一个命令，不要同时选择",
        "pick_one": "请至少选择一项（或选择“不知道”）",
        "not_a_number": "请输入数字",
        "case_name": "为本案例起个名字",
        "saving_to": "每答一题都会自动保存到",
        "resume_with": "已中断。回答已保存。继续请运行：",
        "resumed": "继续会话",
        "answers_saved": "回答已保存到",
    },
}

LANGUAGES = tuple(UI)


def t(lang: str, key: str) -> str:
    """A UI word in `lang` (English when the language or the word is missing)."""
    return UI.get(lang, UI["en"]).get(key) or UI["en"][key]


def locale_language(environ: dict[str, str] | None = None) -> str | None:
    """The language the user's locale asks for, if it is one the tool speaks."""
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if not value or value in ("C", "POSIX", "C.UTF-8"):
            continue
        code = value.split(":")[0].split(".")[0].split("_")[0].lower()
        if code in LANGUAGES:
            return code
        return None
    return None


def choose(explicit: str | None, case_language: str | None, available: Sequence[str],
           environ: dict[str, str] | None = None) -> str:
    """`--lang`, else the case file's language, else the locale's, else the first available."""
    for lang in (explicit, case_language, locale_language(environ)):
        if lang and lang in available:
            return lang
    return available[0] if available else "en"
