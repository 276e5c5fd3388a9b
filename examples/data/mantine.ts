// Page chrome shared by the examples: Dash Mantine Components need a MantineProvider around
// them, and notifications need one NotificationContainer per page. The gallery puts several
// examples on one page, so both live here rather than in each example's layout.
import { dmc, html, streamProps, type Component, type StreamUpdate } from "dash-events";

/** The id of the page's NotificationContainer; `notify()` sends to it. */
export const NOTIFICATIONS_ID = "notifications";

/** `content` inside a MantineProvider, with the page's notification container. */
export function mantinePage(content: Component | Component[]): Component {
  return dmc.MantineProvider(
    [
      dmc.NotificationContainer({ id: NOTIFICATIONS_ID, position: "top-right", transitionDuration: 300 }),
      html.Div(content, { style: { maxWidth: 1100, margin: "0 auto", padding: 24 } }),
    ],
    { forceColorScheme: "light" },
  );
}

let sent = 0;

/**
 * A stream update that shows a Mantine notification (the seed's `send_notification`).
 * Each gets a fresh id: Mantine ignores a "show" for an id it is already showing.
 */
export function notify(title: string, message: string, color = "blue", autoClose: number | false = 4000): StreamUpdate {
  sent += 1;
  return streamProps(NOTIFICATIONS_ID, {
    sendNotifications: [{ action: "show", id: `note-${sent}`, title, message, color, autoClose }],
  });
}
