; Script-Fu: every new argument by name, and the return values as Script-Fu
; sees them: (group made colours counts label-map channels palette).
(script-fu-use-v3)
(load (string-append script-dir "/quadrants.scm"))

(let* ((made-image (make-quadrants-image RGBA-IMAGE))
       (image (car made-image))
       (layer (cadr made-image)))
  (let* ((result (plug-in-kmeans-segment #:image image #:drawables (vector layer)
                                         #:n-segments 4 #:color-space "oklab"
                                         #:fill "mask" #:sort-by "hue"
                                         #:create-channels #t #:create-label-map #t
                                         #:create-palette #t #:restarts 3
                                         #:alpha-threshold 0.1))
         (group (list-ref result 0))
         (made (list-ref result 1))
         (colours (list-ref result 2))
         (counts (list-ref result 3))
         (label-map (list-ref result 4))
         (channels (list-ref result 5))
         (palette (list-ref result 6)))
    (if (not (= (length result) 7)) (error "expected 7 return values, got" (length result)))
    (if (not (= made 4)) (error "expected 4 segments, made" made))
    (if (not (= (vector-length colours) 12)) (error "expected 12 colour values" colours))
    (if (not (equal? counts #(768 768 768 768))) (error "pixel counts" counts))
    ; Hue order: red, yellow, lime, blue.
    (if (not (and (> (vector-ref colours 0) 0.99) (< (vector-ref colours 1) 0.01)))
        (error "segment 1 is not red" colours))
    (if (not (and (> (vector-ref colours 3) 0.99) (> (vector-ref colours 4) 0.99)))
        (error "segment 2 is not yellow" colours))
    (if (not (= (vector-length (gimp-item-get-children group)) 5))
        (error "expected 4 segment layers and a label map"))
    (if (not (gimp-item-get-visible label-map)) #t (error "the label map is visible"))
    (if (not (= (vector-length channels) 4)) (error "expected 4 channels" channels))
    (if (not (= (gimp-palette-get-color-count palette) 4)) (error "expected 4 palette entries"))
    (if (not (gimp-layer-get-mask (vector-ref (gimp-item-get-children group) 0)))
        (error "fill=mask made no layer mask"))
    (gimp-resource-delete palette))
  (gimp-image-delete image))
(display "ok - Script-Fu: every argument by name, seven return values\n")
