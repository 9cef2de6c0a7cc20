// The console's only script of its own: the report email's frame takes the height of the email, so the page
// scrolls as one (the frame runs no scripts; this reads its size from outside).
document.addEventListener('DOMContentLoaded', () => {
  for (const frame of document.querySelectorAll('iframe.email')) {
    const fit = () => {
      const height = frame.contentDocument?.documentElement.scrollHeight;
      if (height) frame.style.height = `${height + 4}px`;
    };
    frame.addEventListener('load', fit);
    fit();
  }
});
