// Report form: choosing another activity type shows the results that suit it at once.
// Without this file the "Update fields" button does the same.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form.report-form").forEach((form) => {
    const type = form.querySelector("select[name=activity_type]");
    const update = form.querySelector("button.update-fields");
    if (!type || !update) return;
    type.addEventListener("change", () => update.click());
  });
});
