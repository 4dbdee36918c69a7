; Script-Fu: the README's example with named arguments, and a refused call.
(script-fu-use-v3)
(load (string-append script-dir "/../../examples/segment-file.scm"))
(load (string-append script-dir "/quadrants.scm"))

; The input: a PNG of four colour quadrants, made here.
(define in-path "/tmp/kmeans-segment-script-fu.png")
(define out-path "/tmp/kmeans-segment-script-fu.xcf")
(let ((image (car (make-quadrants-image RGB-IMAGE))))
  (gimp-file-save RUN-NONINTERACTIVE image in-path -1)
  (gimp-image-delete image))

(define made (kmeans-segment-file in-path out-path 4))
(if (not (= made 4)) (error "expected 4 segments, made" made))

(let* ((image (gimp-file-load RUN-NONINTERACTIVE out-path))
       (layers (gimp-image-get-layers image))
       (group (vector-ref layers 0))
       (children (gimp-item-get-children group)))
  (if (not (= (vector-length layers) 2)) (error "expected group + source, got" (vector-length layers)))
  (if (not (= (vector-length children) 4)) (error "expected 4 segment layers, got" (vector-length children)))
  (do ((i 0 (+ i 1))) ((= i 4))
    (let ((name (gimp-item-get-name (vector-ref children i)))
          (expected (string-append "Segment " (number->string (+ i 1)))))
      (if (not (string=? (substring name 0 9) expected))
          (error "segment layer misnamed:" name))))
  ; Two drawables are refused with a calling error, caught here.
  (let ((refused (catch #t
                   (plug-in-kmeans-segment #:image image
                                           #:drawables (vector (vector-ref layers 1) group)))))
    (if (not (eq? refused #t)) (error "two drawables were not refused")))
  (gimp-image-delete image))
(display "ok - Script-Fu named-argument call made 4 segment layers\n")
