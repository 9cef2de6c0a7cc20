import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import type { MailTemplates } from './templates.ts';

// The font ships with the project, so the chart renders the same on a machine without system fonts.
const fontFile = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

const WIDTH = 592;
const HEIGHT = 220;
const plot = { left: 36, right: WIDTH - 8, top: 32, bottom: HEIGHT - 24 };

/**
 * Calls and messages per local hour as a PNG (mail clients show PNG; many do not show SVG). The SVG is
 * laid out from a template, then rasterised at twice the size for sharp text on dense screens.
 */
export function renderHourlyChart(templates: MailTemplates, hours: { label: string; calls: number; messages: number }[]): Buffer {
  const max = Math.max(1, ...hours.flatMap((h) => [h.calls, h.messages]));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const scale = (value: number) => ((plot.bottom - plot.top) * value) / top;
  const slot = (plot.right - plot.left) / Math.max(1, hours.length);
  const barWidth = Math.max(2, Math.floor(slot * 0.36));
  const svg = templates.hourlyChartSvg({
    width: WIDTH,
    height: HEIGHT,
    plot: { ...plot, labelX: plot.left - 6, axisLabelY: plot.bottom + 15 },
    gridLines: Array.from({ length: top / step + 1 }, (_, i) => {
      const y = plot.bottom - scale(i * step);
      return { y: y.toFixed(1), labelY: (y + 4).toFixed(1), value: i * step };
    }),
    bars: hours.map((hour, i) => {
      const x = plot.left + i * slot + (slot - 2 * barWidth) / 2;
      return {
        barWidth,
        callsX: x.toFixed(1), callsY: (plot.bottom - scale(hour.calls)).toFixed(1), callsHeight: scale(hour.calls).toFixed(1),
        messagesX: (x + barWidth).toFixed(1), messagesY: (plot.bottom - scale(hour.messages)).toFixed(1), messagesHeight: scale(hour.messages).toFixed(1),
        labelX: (plot.left + i * slot + slot / 2).toFixed(1),
        label: hour.label.slice(0, 2),
        // Every third hour is labelled: 24 labels do not fit.
        showLabel: i % 3 === 0,
      };
    }),
    legend: { x: plot.right - 150, callsTextX: plot.right - 136, messagesX: plot.right - 84, messagesTextX: plot.right - 70 },
  });
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: false, fontFiles: [fontFile], defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

function niceStep(max: number): number {
  for (const step of [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]) if (max / step <= 5) return step;
  return 10 ** Math.ceil(Math.log10(max / 5));
}
