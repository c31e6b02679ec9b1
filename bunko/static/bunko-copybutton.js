/* sphinx-copybutton 0.5 picks its words by <html lang> when it loads, from a table without
   Japanese. Loaded right after it, this adds bunko's words for the page's language and
   switches to them before the buttons are made (when the document has loaded). */
(() => {
  const words = {
    ja: {
      copy: "コピー",
      copy_to_clipboard: "クリップボードにコピー",
      copy_success: "コピーしました",
      copy_failure: "コピーできませんでした",
    },
  };
  const lang = document.documentElement.lang || "";
  const language = lang.split("-")[0];
  if (typeof messages === "undefined" || messages[lang] || !words[language]) {
    return;
  }
  const before = messages[locale];
  messages[language] = words[language];
  locale = language;
  iconCopy = iconCopy.replace(before.copy_to_clipboard, words[language].copy_to_clipboard);
  iconCheck = iconCheck.replace(before.copy_success, words[language].copy_success);
})();
