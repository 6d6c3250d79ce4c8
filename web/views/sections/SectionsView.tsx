// Sections: where each ELF section goes. The file layout is on the left, the
// memory regions on the right; a line joins each section to its place, solid
// when the region was copied to a heap, dashed when it is used in place.
import { useEffect, useState } from 'react';
import { useCursor, usePointerBytes, useTimeline } from '../../player/useTimeline.js';
import { currentStep, fullName, upTo } from '../../player/timeline.js';
import { usePlayer } from '../../state/player.js';
import { addr, hex, plural, sizeText } from '../../format/numbers.js';
import { regionColor } from '../../styles/palette.js';
import { ExtensionPicker } from '../ExtensionPicker.js';
import { HEAD, ROW, SUB, layoutSections } from './sectionsLayout.js';
import { useWidth } from '../useWidth.js';
import { relatedTo, selectionExt } from '../../player/related.js';
import { useSelectedInView } from '../useSelectedInView.js';

export function SectionsView() {
  const t = useTimeline();
  const cursor = useCursor();
  const ptr = usePointerBytes();
  const selection = usePlayer((s) => s.selection);
  const select = usePlayer((s) => s.select);
  const [chosen, setChosen] = useState<string | null>(null);
  const [box, width] = useWidth<HTMLDivElement>(980);
  const keep = useSelectedInView<HTMLDivElement>();
  // A selection made in another view shows its extension here.
  const selExt = selectionExt(t, selection);
  useEffect(() => {
    if (selExt) setChosen(selExt);
  }, [selExt]);
  if (!t) return <p className="empty">No run yet.</p>;
  const ext = chosen && t.extensions.includes(chosen) ? chosen : (currentStep(t, cursor)?.ext ?? t.extensions[0] ?? '');
  const sections = upTo(t.sections, cursor).filter((s) => s.ext === ext);
  const regions = upTo(t.regions, cursor).filter((r) => r.ext === ext);
  const places = upTo(t.places, cursor).filter((p) => p.ext === ext);
  const L = layoutSections(sections, regions, places, width);
  const { W, LEFT_W, RIGHT_X } = L;
  const fileEnd = sections.reduce((m, s) => (!s.nobits && s.offset + s.size > m ? s.offset + s.size : m), 1n);
  const related = relatedTo(t, selection, cursor);
  const isSelSection = (i: number): boolean => related.section(ext, i);
  const isSelRegion = (r: number): boolean => related.region(ext, r);

  return (
    <div
      className="sections-view"
      ref={(el) => {
        box(el);
        keep.current = el;
      }}
    >
      <ExtensionPicker extensions={t.extensions} value={ext} onChange={setChosen} />
      {sections.length === 0 ? (
        <p className="empty">The loader has not read the section headers of {ext ? fullName(t, ext) : 'the extension'} yet.</p>
      ) : (
        <svg
          className="sections-map"
          width={W}
          height={L.height}
          viewBox={`0 0 ${W} ${L.height}`}
          role="img"
          aria-label={`${plural(sections.length, 'section')} of ${fullName(t, ext)}; ${places.length} placed in ${plural(L.right.length, 'region')}`}
        >
          <text className="col-title" x={0} y={16}>
            ELF file ({sizeText(fileEnd)})
          </text>
          <text className="col-title" x={RIGHT_X} y={16}>
            Memory regions
          </text>
          {L.right.flatMap((box) =>
            box.items.map((it) => {
              const row = L.left.find((l) => l.sec.index === it.place.section);
              if (!row) return null;
              const x1 = LEFT_W;
              const y1 = row.y + ROW / 2 - 2;
              const x2 = RIGHT_X;
              const y2 = it.y + SUB / 2;
              const sel = isSelSection(it.place.section) || isSelRegion(box.region.region);
              return (
                <path
                  key={`c${it.place.section}`}
                  className={`connector appear${box.region.inPlace ? ' in-place' : ''}${sel ? ' selected' : ''}`}
                  d={`M${x1},${y1} C${x1 + 70},${y1} ${x2 - 70},${y2} ${x2},${y2}`}
                  stroke={regionColor(box.region.name)}
                />
              );
            }),
          )}
          {L.left.map(({ sec, y }) => {
            const mapped = sec.region >= 0;
            const barW = Math.max(60, LEFT_W - 300);
            const barX = LEFT_W - barW - 10;
            const fx = barX + (Number(sec.offset) / Number(fileEnd)) * barW;
            const fw = sec.nobits ? 0 : Math.max(1.5, (Number(sec.size) / Number(fileEnd)) * barW);
            return (
              <g
                key={`s${sec.index}`}
                className={`sec-row${mapped ? '' : ' skipped'}${isSelSection(sec.index) ? ' selected' : ''}`}
                onClick={() => select({ kind: 'section', ext, index: sec.index })}
              >
                <rect className="row-bg" x={0} y={y} width={LEFT_W} height={ROW - 3} rx={4} />
                <text x={8} y={y + 15} className="sec-name">
                  {sec.name || '(null)'}
                </text>
                <text x={Math.min(170, LEFT_W * 0.42)} y={y + 15} className="sec-meta">
                  {sec.nobits ? 'NOBITS' : hex(sec.offset)} · {Number(sec.size)} B
                </text>
                <rect x={barX} y={y + 7} width={barW} height={7} className="file-bar" />
                {fw > 0 && <rect x={fx} y={y + 7} width={fw} height={7} fill={mapped ? 'var(--accent)' : 'var(--border-strong)'} />}
                <title>{`${sec.name}: ${sec.note}; file offset ${hex(sec.offset)}, ${sec.size} bytes, align ${sec.align}`}</title>
              </g>
            );
          })}
          {L.right.map((box) => {
            const r = box.region;
            return (
              <g
                key={`r${r.region}`}
                className={`region-box appear${isSelRegion(r.region) ? ' selected' : ''}`}
                onClick={() => select({ kind: 'region', ext, region: r.region })}
              >
                <rect
                  x={RIGHT_X}
                  y={box.y}
                  width={W - RIGHT_X - 2}
                  height={box.h}
                  rx={6}
                  className="region-frame"
                  style={{ stroke: regionColor(r.name) }}
                />
                <rect x={RIGHT_X} y={box.y} width={6} height={box.h} rx={3} fill={regionColor(r.name)} />
                <text x={RIGHT_X + 14} y={box.y + 17} className="region-name">
                  {r.name}
                </text>
                <text x={RIGHT_X + 100} y={box.y + 17} className="sec-meta">
                  {addr(r.addr, ptr)} · {Number(r.memSize)} B
                </text>
                <text x={W - 10} y={box.y + 17} textAnchor="end" className={`region-how${r.inPlace ? ' in-place' : ''}`}>
                  {r.inPlace ? 'used in place' : `copied${Number(r.prepad) > 0 ? `, ${Number(r.prepad)} B pre-pad` : ''}`}
                </text>
                {box.items.length === 0 && (
                  <text x={RIGHT_X + 14} y={box.y + HEAD + 14} className="sec-meta">
                    no section placed yet
                  </text>
                )}
                {box.items.map((it) => (
                  <g
                    key={`p${it.place.section}`}
                    className={`placed appear${isSelSection(it.place.section) ? ' selected' : ''}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      select({ kind: 'section', ext, index: it.place.section });
                    }}
                  >
                    <rect
                      x={RIGHT_X + 12}
                      y={it.y + 2}
                      width={W - RIGHT_X - 26}
                      height={SUB - 4}
                      rx={3}
                      className={it.place.nobits ? 'placed-bg nobits' : 'placed-bg'}
                    />
                    <text x={RIGHT_X + 20} y={it.y + 15} className="sec-name">
                      {it.place.name}
                    </text>
                    <text x={W - 20} y={it.y + 15} textAnchor="end" className="sec-meta">
                      {addr(it.place.addr, ptr)} · {Number(it.place.size)} B{it.place.nobits ? ' · zero-filled' : ''}
                    </text>
                  </g>
                ))}
              </g>
            );
          })}
        </svg>
      )}
      <SectionTable ext={ext} />
      <InspectionTables ext={ext} />
    </div>
  );
}

/** The same facts as a table, for keyboard and screen-reader users. */
function SectionTable({ ext }: { ext: string }) {
  const t = useTimeline();
  const cursor = useCursor();
  const ptr = usePointerBytes();
  const select = usePlayer((s) => s.select);
  const selection = usePlayer((s) => s.selection);
  if (!t) return null;
  const related = relatedTo(t, selection, cursor);
  const sections = upTo(t.sections, cursor).filter((s) => s.ext === ext);
  const places = upTo(t.places, cursor).filter((p) => p.ext === ext);
  return (
    <details className="blocks" data-testid="section-table">
      <summary>Sections as a table ({sections.length})</summary>
      <table className="data-table compact">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Section</th>
            <th scope="col">File offset</th>
            <th scope="col">Size</th>
            <th scope="col">Loader</th>
            <th scope="col">Address</th>
          </tr>
        </thead>
        <tbody>
          {sections.map((s) => {
            const p = places.find((x) => x.section === s.index);
            return (
              <tr key={s.index} className={related.section(ext, s.index) ? 'selected' : undefined}>
                <td className="num">{s.index}</td>
                <td>
                  <button type="button" className="link-button" onClick={() => select({ kind: 'section', ext, index: s.index })}>
                    {s.name || '(null)'}
                  </button>
                </td>
                <td className="mono">{hex(s.offset)}</td>
                <td className="num">{String(s.size)}</td>
                <td>{s.note}</td>
                <td className="mono">{p ? addr(p.addr, ptr) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}

/**
 * What the application reads with the inspection API after the load (include/zephyr/llext/
 * inspect.h): llext_get_region_info() for every region that holds something, and
 * llext_get_section_info() / llext_section_shndx() per section, which answer -ENOTSUP unless
 * the load kept the section map (llext_load_param.keep_section_info). Values as the engine
 * recorded them.
 */
function InspectionTables({ ext }: { ext: string }) {
  const t = useTimeline();
  const cursor = useCursor();
  const ptr = usePointerBytes();
  if (!t) return null;
  const regions = upTo(t.regionInfo, cursor).filter((r) => r.ext === ext && r.type !== 0);
  const sections = upTo(t.sectionInfo, cursor).filter((s) => s.ext === ext);
  if (regions.length === 0 && sections.length === 0) return null;
  const regionName = (i: number): string => upTo(t.regionInfo, cursor).find((r) => r.ext === ext && r.region === i)?.name ?? String(i);
  const kept = sections.some((s) => s.ret === 0);
  return (
    <details className="blocks" data-testid="inspection">
      <summary>What the application reads after the load (inspection API)</summary>
      <table className="data-table compact" aria-label="llext_get_region_info()">
        <caption>
          <code>llext_get_region_info()</code>: address and size past the alignment pre-padding (<code>sh_info</code>)
        </caption>
        <thead>
          <tr>
            <th scope="col">Region</th>
            <th scope="col">addr</th>
            <th scope="col">size</th>
            <th scope="col">hdr sh_offset</th>
            <th scope="col">hdr sh_size</th>
            <th scope="col">hdr sh_addralign</th>
            <th scope="col">hdr sh_info</th>
          </tr>
        </thead>
        <tbody>
          {regions.map((r) => (
            <tr key={r.region}>
              <td>
                {r.region} {r.name}
              </td>
              <td className="mono">{addr(r.addr, ptr)}</td>
              <td className="num">{String(r.size)}</td>
              <td className="mono">{hex(r.shOffset)}</td>
              <td className="num">{String(r.shSize)}</td>
              <td className="num">{String(r.shAlign)}</td>
              <td className="num">{String(r.shInfo)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {kept ? (
        <table className="data-table compact" aria-label="llext_get_section_info()">
          <caption>
            <code>llext_section_shndx()</code> and <code>llext_get_section_info()</code> (the section map was kept)
          </caption>
          <thead>
            <tr>
              <th scope="col">shndx</th>
              <th scope="col">Section</th>
              <th scope="col">region</th>
              <th scope="col">offset</th>
            </tr>
          </thead>
          <tbody>
            {sections.map((s) => {
              const inRegion = upTo(t.regionInfo, cursor).some((r) => r.ext === ext && r.region === s.region);
              return (
                <tr key={s.shndx}>
                  <td className="num">{s.shndx}</td>
                  <td>{s.name || '(null)'}</td>
                  <td>{inRegion ? regionName(s.region) : 'LLEXT_MEM_COUNT'}</td>
                  <td className="mono">{inRegion ? hex(s.offset) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="note">
          <code>llext_get_section_info()</code> and <code>llext_section_shndx()</code> return -ENOTSUP: the loader freed the section map.
          Set <code>keep_section_info</code> in the load parameters (Application calls) to read them.
        </p>
      )}
    </details>
  );
}
