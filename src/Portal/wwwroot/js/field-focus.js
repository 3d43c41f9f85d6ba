// Brings a form field into view and puts the caret in it: a failed save on a long dialog otherwise leaves the
// errored field below the fold, unseen.
export function focusField(id) {
  const wrapper = document.getElementById(id);
  if (!wrapper) {
    return false;
  }
  wrapper.scrollIntoView({ block: 'center' });
  const input = wrapper.querySelector('input:not([type=hidden]):not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])');
  (input ?? wrapper).focus({ preventScroll: true });
  return true;
}
