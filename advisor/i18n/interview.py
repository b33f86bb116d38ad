"""The interview's own words (prompts, keys, review, sections) in each language, kept
apart from the report's words so that neither table outgrows a file a translator can read."""

from __future__ import annotations

INTERVIEW: dict[str, dict[str, str]] = {
    "en": {
        "section_of": "Section {n} of {total}",
        "question_progress": "Question {n}, about {left} left after this one",
        "followups_added": "(+{n} follow-ups from your last answer)",
        "why_none": "No rule reads this answer any more; you can skip it with \"don't know\".",
        "why_intro": "This answer can still change these conclusions:",
        "could_conclude": "could conclude",
        "review_title": "Your answers",
        "finish": "Finish and show the report",
        "dont_know_option": "Don't know",
        "yes_option": "Yes",
        "no_option": "No",
        "why_option": "Why do you ask?",
        "back_option": "Back to the previous question",
        "command_alone": "Choose either answers or one command, not both",
        "pick_one": "Select at least one choice (or \"Don't know\")",
        "not_a_number": "Please enter a number",
        "case_name": "A name for this case",
        "saving_to": "Answers are saved after every question to",
        "resume_with": "Interrupted. Your answers are saved. Resume with:",
        "resumed": "Resuming",
        "answers_saved": "Answers saved to",
        "save_retry": "your answers are kept and saving is tried again after the next answer",
        "save_failed": "your answers could not be saved; here they are, to copy into a file",
        "opening_title": "Guided interview",
        "opening_covers": "It covers {n} sections:",
        "opening_length": "Full interview: at most {full} questions (about {full_min} min); "
                          "quick mode (--quick): at most {quick} (about {quick_min} min). A "
                          "question that can no longer change any conclusion is not asked, so "
                          "most interviews ask fewer.",
        "opening_length_full": "At most {full} questions (about {full_min} min). A question that "
                               "can no longer change any conclusion is not asked, so most "
                               "interviews ask fewer.",
        "opening_resumed": "{n} answers are already given.",
        "opening_keys": "In every question: Ctrl-D don't know, Ctrl-Y why do you ask, Ctrl-B "
                        "back, Ctrl-N a note on where the answer comes from (a document, or whom "
                        "you asked), Ctrl-U not sure (the report then asks to verify the "
                        "answer). Each answer is saved at once; Ctrl-C stops, and you can "
                        "resume later.",
        "keys_select": "↑↓ Enter",
        "keys_checkbox": "Space ticks, Enter confirms",
        "keys_typed": "Enter confirms",
        "keys_commands": "^D don't know · ^Y why · ^N source · ^U unsure",
        "not_sure": "not sure",
        "unsure_on": "Marked “not sure”: the answer is recorded as assumed, and the report lists "
                     "it among the answers to verify first (^U again takes the mark off).",
        "unsure_off": "No longer marked “not sure”.",
        "keys_back": "^B back",
        "section_count": "About {n} questions in this section.",
        "questions_n": "up to {n} questions",
        "section_start": "Start this section",
        "section_skip": "Skip this section (you can add its questions from the review)",
        "section_prompt": "Begin?",
        "editing": "Changing an answer",
        "not_asked": "not asked",
        "skipped_section": "skipped",
        "review_choose": "Change or add an answer, or finish",
        "keys_review": "(↑↓ Enter, or type to find)",
        "back_to_review": "Back to the review, unchanged",
        "save_exit": "Save and exit without the report",
        "source_prompt": "Where does this answer come from? (a document, or whom you asked; "
                         "empty to remove the note)",
        "review_unasked": "{n} more not asked (add them from the list below)",
        "saved_exit": "Your answers are saved. Continue later with:",
    },
    "zh": {
        "section_of": "第 {n} 部分，共 {total} 部分",
        "question_progress": "第{n}题，之后约剩{left}题",
        "followups_added": "（上一个回答新增{n}个追问）",
        "why_none": "已没有规则需要这个答案；可以选择“不知道”跳过。",
        "why_intro": "这个答案仍可能影响以下结论：",
        "could_conclude": "可能得出",
        "review_title": "您的回答",
        "finish": "完成并查看报告",
        "dont_know_option": "不知道",
        "yes_option": "是",
        "no_option": "否",
        "why_option": "为什么问这个？",
        "back_option": "返回上一题",
        "command_alone": "请选择答案，或只选一个命令，不要同时选择",
        "pick_one": "请至少选择一项（或选择“不知道”）",
        "not_a_number": "请输入数字",
        "case_name": "为本案例起个名字",
        "saving_to": "每答一题都会自动保存到",
        "resume_with": "已中断。回答已保存。继续请运行：",
        "resumed": "继续会话",
        "answers_saved": "回答已保存到",
        "save_retry": "已作答的内容仍保留在内存中，回答下一题后会再次尝试保存",
        "save_failed": "回答无法保存，内容如下，可复制到文件中",
        "opening_title": "引导式访谈",
        "opening_covers": "共 {n} 个部分：",
        "opening_length": "完整访谈最多 {full} 题（约 {full_min} 分钟）；快速模式（--quick）"
                          "最多 {quick} 题（约 {quick_min} 分钟）。已不可能改变任何结论的问题"
                          "不会再问，所以通常会更少。",
        "opening_length_full": "最多 {full} 题（约 {full_min} 分钟）。已不可能改变任何结论的问题"
                               "不会再问，所以通常会更少。",
        "opening_resumed": "已有 {n} 个回答。",
        "opening_keys": "每道题都可用：Ctrl-D 不知道，Ctrl-Y 为什么问，Ctrl-B 返回，Ctrl-N 注明"
                        "回答的来源（哪份文件，或询问了谁），Ctrl-U 不确定（报告会提示优先核实"
                        "该回答）。每个回答即时保存；Ctrl-C 可中途"
                        "停止，之后可以继续。",
        "keys_select": "↑↓ 回车",
        "keys_checkbox": "空格勾选，回车确认",
        "keys_typed": "回车确认",
        "keys_commands": "^D 不知道 · ^Y 为什么问 · ^N 来源 · ^U 不确定",
        "not_sure": "不确定",
        "unsure_on": "已标记为“不确定”：该回答将记为推测，报告会把它列入“优先核实的回答”"
                     "（再按 ^U 取消标记）。",
        "unsure_off": "已取消“不确定”标记。",
        "keys_back": "^B 返回",
        "section_count": "本部分约 {n} 题。",
        "questions_n": "最多 {n} 题",
        "section_start": "开始本部分",
        "section_skip": "跳过本部分（之后可在检查回答时补答）",
        "section_prompt": "是否开始？",
        "editing": "修改回答",
        "not_asked": "未回答",
        "skipped_section": "已跳过",
        "review_choose": "修改或补答某一题，或完成",
        "keys_review": "（↑↓ 回车，或输入题号、文字查找）",
        "back_to_review": "不作修改，返回检查页",
        "save_exit": "保存并退出，暂不生成报告",
        "source_prompt": "这个回答的依据是什么？（哪份文件，或询问了谁；留空表示删除注明）",
        "review_unasked": "另有 {n} 题未回答（可在下方列表中补答）",
        "saved_exit": "回答已保存。之后继续请运行：",
    },
}
